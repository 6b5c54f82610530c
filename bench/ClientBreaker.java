import com.sun.net.httpserver.HttpServer;
import dev.signpost.client.SignpostClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Circuit breaking as a service owner sees it (issue 20): three HTTP instances of {@code pay} on loopback, the
 * Java client calling them, one instance failing and then recovering. Per round it prints how many calls reached
 * the failing instance, how many of the client's calls failed, when its passive check went critical (asked over
 * HTTP after every call) and when DNS (dig) stopped answering it, and how long after its recovery it was back in
 * DNS with its passive check passing. Run by {@code bench/client-breaker.sh}, which starts the server.
 *
 * <p>Usage: {@code ClientBreaker HTTP_URL DNS_PORT [rounds=3] [ejection seconds=5]}
 */
public final class ClientBreaker {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Map<String, AtomicInteger> HITS = new ConcurrentHashMap<>();
  private static final Map<String, Boolean> FAILING = new ConcurrentHashMap<>();

  private ClientBreaker() {}

  public static void main(String[] args) throws Exception {
    String api = args[0];
    int dnsPort = Integer.parseInt(args[1]);
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    int ejection = args.length > 3 ? Integer.parseInt(args[3]) : 5;
    Map<String, Integer> ports = new TreeMap<>();
    for (String id : new String[] {"pay-a", "pay-b", "pay-c"}) {
      ports.put(id, backend(id));
      put(api, "/v1/agent/service/register", "{\"ID\": \"" + id + "\", \"Name\": \"pay\", \"Address\": \"127.0.0.1\","
          + " \"Port\": " + ports.get(id) + "}");
    }
    put(api, "/v1/signpost/policy/pay", "{\"Strategy\": \"round-robin\", \"Passive\": {\"EjectionTime\": \""
        + ejection + "s\", \"MaxEjectionTime\": \"" + ejection + "s\"}}");
    String failing = "pay-b";
    String port = " " + ports.get(failing) + " ";
    try (SignpostClient pay = SignpostClient.builder("pay").server(api).build()) {
      pay.awaitInstances(Duration.ofSeconds(5));
      for (int round = 1; round <= rounds; round++) {
        awaitInDns(api, dnsPort, port, pay);
        FAILING.put(failing, true);
        int before = HITS.get(failing).get();
        long failedAt = System.nanoTime();
        int calls = 0;
        int callsFailed = 0;
        while (!passive(api, failing).equals("critical") && calls < 10_000) {
          callsFailed += call(pay) == 200 ? 0 : 1;
          calls++;
        }
        long openMs = (System.nanoTime() - failedAt) / 1_000_000;
        while (srv(dnsPort).contains(port)) {
          Thread.sleep(1);
        }
        long goneMs = (System.nanoTime() - failedAt) / 1_000_000;
        int reached = HITS.get(failing).get() - before;
        FAILING.put(failing, false);
        long recoveredAt = System.nanoTime();
        awaitInDns(api, dnsPort, port, pay);
        long backMs = (System.nanoTime() - recoveredAt) / 1_000_000;
        System.out.printf("round %d: %s got %d calls after it failed; %d of %d client calls failed; its breaker "
            + "open (check critical) %d ms and out of DNS %d ms after it failed; back in DNS and passing %d ms "
            + "after it recovered%n", round, failing, reached, callsFailed, calls, openMs, goneMs, backMs);
      }
    }
    System.exit(0);
  }

  /** Calls through the client, as an application would, until the instance is in DNS and its check passes. */
  private static void awaitInDns(String api, int dnsPort, String port, SignpostClient pay) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (!(srv(dnsPort).contains(port) && passive(api, "pay-b").equals("passing"))) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("pay-b did not come back within 2 minutes");
      }
      call(pay);
      Thread.sleep(20);
    }
  }

  private static int backend(String id) throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    HITS.put(id, new AtomicInteger());
    FAILING.put(id, false);
    s.createContext("/", exchange -> {
      HITS.get(id).incrementAndGet();
      exchange.sendResponseHeaders(FAILING.get(id) ? 503 : 200, -1);
      exchange.close();
    });
    s.start();
    return s.getAddress().getPort();
  }

  private static int call(SignpostClient pay) {
    try {
      return pay.call(i -> HTTP.send(HttpRequest.newBuilder(i.uri("/")).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.discarding())).statusCode();
    } catch (RuntimeException e) {
      return 0;
    }
  }

  /** The SRV answer for the service, in dig's short form (one record a line). */
  private static String srv(int dnsPort) throws Exception {
    Process dig = new ProcessBuilder("dig", "+short", "+tries=1", "+time=1", "-p", Integer.toString(dnsPort),
        "@127.0.0.1", "SRV", "_pay._tcp.service.local").redirectErrorStream(true).start();
    String out = new String(dig.getInputStream().readAllBytes());
    dig.waitFor();
    return " " + out.replace("\n", " \n ");
  }

  private static String passive(String api, String id) throws Exception {
    String body = HTTP.send(HttpRequest.newBuilder(URI.create(api + "/v1/health/checks/pay")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    int at = body.indexOf("\"_signpost_passive:" + id + "\"");
    if (at < 0) {
      return "none";
    }
    int status = body.indexOf("\"Status\":\"", at) + "\"Status\":\"".length();
    return body.substring(status, body.indexOf('"', status));
  }

  private static void put(String api, String path, String body) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(api + path))
        .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("PUT " + path + ": " + r.statusCode() + " " + r.body());
    }
  }
}
