import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Write load for Signpost: registers N distinct instances through {@code PUT /v1/agent/service/register}
 * from C threads, each on its own keep-alive HTTP/1.1 socket (TCP_NODELAY, one request in flight), and
 * prints registrations per second and latency percentiles. Then it checks over DNS that what was just
 * acknowledged is answered: each client, right after the 200 of its last registration, asks for that
 * instance's service (A, raw UDP) and must find the instance's address.
 *
 * <p>JDK only, one file: {@code java bench/RegisterLoad.java HOST:HTTP_PORT N CLIENTS [options]}
 *
 * <pre>
 *   --dns HOST:PORT     where to check the answers (default: the HTTP host, port 53)
 *   --services S        spread the instances over S services (default N / 10)
 *   --warmup W          first register W instances of other services, not counted (default 0)
 *   --prefix P          id and service name prefix (default "load"), so runs into one data dir do not overlap
 *   --pid PID           the server's process id: prints its CPU time per registration in the measured run
 * </pre>
 *
 * Instance k (0 ≤ k &lt; N) is {@code P-k} of service {@code P-svc-(k mod S)}, address 10.x.y.z from k + 1;
 * client c registers k = c, c + C, c + 2C, ...
 *
 * <p>The client costs a few microseconds per request (a prebuilt request, a hand-rolled response
 * reader), so on loopback the server is what is measured.
 */
public final class RegisterLoad {

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: java bench/RegisterLoad.java HOST:HTTP_PORT N CLIENTS"
          + " [--dns HOST:PORT] [--services S] [--warmup W] [--prefix P] [--pid PID]");
      System.exit(2);
    }
    InetSocketAddress http = hostPort(args[0], 80);
    int n = Integer.parseInt(args[1]);
    int clients = Integer.parseInt(args[2]);
    InetSocketAddress dns = new InetSocketAddress(http.getHostString(), 53);
    int services = Math.max(1, n / 10);
    int warmup = 0;
    String prefix = "load";
    long pid = 0;
    for (int a = 3; a < args.length; a += 2) {
      String value = args[a + 1];
      switch (args[a]) {
        case "--dns" -> dns = hostPort(value, 53);
        case "--services" -> services = Integer.parseInt(value);
        case "--warmup" -> warmup = Integer.parseInt(value);
        case "--prefix" -> prefix = value;
        case "--pid" -> pid = Long.parseLong(value);
        default -> throw new IllegalArgumentException("unknown option " + args[a]);
      }
    }

    if (warmup > 0) {
      Result w = run(http, dns, new Plan(prefix + "-warm", warmup, Math.max(1, warmup / 10), clients), false);
      System.out.printf("warm-up: %d registrations in %.2f s (%.0f/s), not counted%n", warmup,
          w.seconds(), warmup / w.seconds());
    }
    Plan plan = new Plan(prefix, n, services, clients);
    double[] cpuBefore = pid > 0 ? cpuSeconds(pid) : new double[2];
    Result r = run(http, dns, plan, true);
    double[] cpuAfter = pid > 0 ? cpuSeconds(pid) : new double[2];
    double user = cpuAfter[0] - cpuBefore[0];
    double sys = cpuAfter[1] - cpuBefore[1];
    double cpu = user + sys;
    long[] lat = r.latencies();
    Arrays.sort(lat);
    System.out.printf("registered %d instances of %d services from %d clients in %.2f s: %.0f registrations/s%n",
        n, services, clients, r.seconds(), n / r.seconds());
    System.out.printf("latency ms: p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f  mean %.3f%n",
        pct(lat, 0.50), pct(lat, 0.90), pct(lat, 0.99), pct(lat, 0.999), lat[lat.length - 1] / 1e6,
        Arrays.stream(lat).average().orElse(0) / 1e6);
    if (pid > 0) {
      System.out.printf("server CPU: %.2f s for the measured run, %.0f us per registration (%.0f user + %.0f sys;"
          + " %.2f cores)%n", cpu, cpu * 1e6 / n, user * 1e6 / n, sys * 1e6 / n, cpu / r.seconds());
    }
    System.out.printf("DNS right after the last 200 of each client: %d of %d answered with the new instance%n",
        r.dnsOk(), clients);
    if (r.dnsOk() != clients) {
      r.dnsProblems().forEach(p -> System.out.println("  " + p));
      System.exit(1);
    }
  }

  /** Who registers what. */
  record Plan(String prefix, int n, int services, int clients) {
    String id(int k) {
      return prefix + "-" + k;
    }

    String service(int k) {
      return prefix + "-svc-" + (k % services);
    }

    String address(int k) {
      int a = k + 1;
      return "10." + ((a >> 16) & 255) + "." + ((a >> 8) & 255) + "." + (a & 255);
    }

    int port(int k) {
      return 1024 + (k / services) % 60000;
    }

    byte[] request(String host, int k) {
      String body = "{\"ID\":\"" + id(k) + "\",\"Name\":\"" + service(k) + "\",\"Address\":\"" + address(k)
          + "\",\"Port\":" + port(k) + ",\"Tags\":[\"bench\"],\"Meta\":{\"run\":\"" + prefix + "\"}}";
      byte[] b = body.getBytes(StandardCharsets.UTF_8);
      String head = "PUT /v1/agent/service/register HTTP/1.1\r\nHost: " + host + "\r\n"
          + "Content-Type: application/json\r\nContent-Length: " + b.length + "\r\n\r\n";
      byte[] h = head.getBytes(StandardCharsets.US_ASCII);
      byte[] all = Arrays.copyOf(h, h.length + b.length);
      System.arraycopy(b, 0, all, h.length, b.length);
      return all;
    }
  }

  record Result(double seconds, long[] latencies, int dnsOk, List<String> dnsProblems) {}

  private static Result run(InetSocketAddress http, InetSocketAddress dns, Plan plan, boolean checkDns)
      throws Exception {
    int clients = plan.clients();
    long[][] latencies = new long[clients][];
    String[] problems = new String[clients];
    boolean[] answered = new boolean[clients];
    long[] finished = new long[clients];
    Throwable[] failures = new Throwable[clients];
    CountDownLatch ready = new CountDownLatch(clients);
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int client = c;
      Thread t = new Thread(() -> {
        try (Socket s = new Socket()) {
          s.setTcpNoDelay(true);
          s.connect(http, 5_000);
          s.setSoTimeout(30_000);
          OutputStream out = s.getOutputStream();
          InputStream in = new BufferedInputStream(s.getInputStream(), 8192);
          int mine = (plan.n() - client + clients - 1) / clients;
          long[] lat = new long[Math.max(0, mine)];
          ready.countDown();
          go.await();
          int last = -1;
          for (int j = 0, k = client; k < plan.n(); j++, k += clients) {
            byte[] req = plan.request(http.getHostString(), k);
            long t0 = System.nanoTime();
            out.write(req);
            out.flush();
            int status = readResponse(in);
            lat[j] = System.nanoTime() - t0;
            if (status != 200) {
              throw new IOException("registration of " + plan.id(k) + " got HTTP " + status);
            }
            last = k;
          }
          finished[client] = System.nanoTime();
          latencies[client] = lat;
          if (checkDns && last >= 0) {
            // Immediately after the 200: the instance must already be in the answer.
            Set<String> got = queryA(dns, plan.service(last) + ".service.local");
            answered[client] = got.contains(plan.address(last));
            if (!answered[client]) {
              problems[client] = plan.service(last) + ".service.local A " + got + " lacks " + plan.address(last)
                  + " (" + plan.id(last) + ")";
            }
          }
        } catch (Throwable e) {
          failures[client] = e;
          ready.countDown();
        }
      }, "register-" + c);
      threads.add(t);
      t.start();
    }
    ready.await();
    long start = System.nanoTime();
    go.countDown();
    for (Thread t : threads) {
      t.join();
    }
    for (int c = 0; c < clients; c++) {
      if (failures[c] != null) {
        throw new IllegalStateException("client " + c + " failed: " + failures[c], failures[c]);
      }
    }
    long end = Arrays.stream(finished).max().orElse(start);
    long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).toArray();
    List<String> dnsProblems = new ArrayList<>();
    int ok = 0;
    for (int c = 0; c < clients; c++) {
      if (answered[c]) {
        ok++;
      } else if (problems[c] != null) {
        dnsProblems.add(problems[c]);
      }
    }
    return new Result((end - start) / 1e9, all, ok, dnsProblems);
  }

  /** Reads one response (status line, headers, Content-Length body); returns the status. */
  private static int readResponse(InputStream in) throws IOException {
    String statusLine = line(in);
    if (statusLine == null) {
      throw new IOException("connection closed before a response");
    }
    int status = Integer.parseInt(statusLine.substring(9, 12));
    int length = 0;
    boolean close = false;
    for (String h; (h = line(in)) != null && !h.isEmpty(); ) {
      int colon = h.indexOf(':');
      String name = h.substring(0, colon).trim();
      String value = h.substring(colon + 1).trim();
      if (name.equalsIgnoreCase("content-length")) {
        length = Integer.parseInt(value);
      } else if (name.equalsIgnoreCase("connection") && value.equalsIgnoreCase("close")) {
        close = true;
      }
    }
    in.readNBytes(length);
    if (close) {
      throw new IOException("server closed the keep-alive connection (HTTP " + status + ")");
    }
    return status;
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder(64);
    for (int b; (b = in.read()) != -1; ) {
      if (b == '\n') {
        int len = sb.length();
        return len > 0 && sb.charAt(len - 1) == '\r' ? sb.substring(0, len - 1) : sb.toString();
      }
      sb.append((char) b);
    }
    return sb.length() == 0 ? null : sb.toString();
  }

  /** The IPv4 addresses in the answer section of an A query over UDP (EDNS, 4096 bytes). */
  static Set<String> queryA(InetSocketAddress server, String name) throws IOException {
    ByteBuffer q = ByteBuffer.allocate(512);
    int id = ThreadLocalRandom.current().nextInt(1 << 16);
    q.putShort((short) id).putShort((short) 0x0100).putShort((short) 1).putShort((short) 0)
        .putShort((short) 0).putShort((short) 1);
    for (String label : name.split("\\.")) {
      byte[] l = label.getBytes(StandardCharsets.US_ASCII);
      q.put((byte) l.length).put(l);
    }
    q.put((byte) 0).putShort((short) 1).putShort((short) 1);
    // OPT: root name, type 41, UDP size 4096, no flags, no options.
    q.put((byte) 0).putShort((short) 41).putShort((short) 4096).putInt(0).putShort((short) 0);
    try (DatagramSocket s = new DatagramSocket()) {
      s.setSoTimeout(2_000);
      byte[] reply = new byte[4096];
      for (int attempt = 0; attempt < 3; attempt++) {
        s.send(new DatagramPacket(q.array(), q.position(), server));
        DatagramPacket p = new DatagramPacket(reply, reply.length);
        try {
          s.receive(p);
        } catch (SocketTimeoutException e) {
          continue;
        }
        ByteBuffer r = ByteBuffer.wrap(reply, 0, p.getLength());
        if ((r.getShort(0) & 0xffff) != id) {
          continue;
        }
        return addresses(r);
      }
    }
    throw new IOException("no DNS answer from " + server + " for " + name);
  }

  private static Set<String> addresses(ByteBuffer r) throws IOException {
    int rcode = r.getShort(2) & 0xf;
    if ((r.getShort(2) & 0x0200) != 0) {
      throw new IOException("DNS answer truncated; use fewer instances per service");
    }
    int questions = r.getShort(4) & 0xffff;
    int answers = r.getShort(6) & 0xffff;
    r.position(12);
    for (int i = 0; i < questions; i++) {
      skipName(r);
      r.position(r.position() + 4);
    }
    Set<String> out = new HashSet<>();
    for (int i = 0; i < answers; i++) {
      skipName(r);
      int type = r.getShort() & 0xffff;
      r.position(r.position() + 6); // class, TTL
      int len = r.getShort() & 0xffff;
      if (type == 1 && len == 4) {
        byte[] a = new byte[4];
        r.get(a);
        out.add(InetAddress.getByAddress(a).getHostAddress());
      } else {
        r.position(r.position() + len);
      }
    }
    if (rcode != 0 && out.isEmpty()) {
      out.add("rcode=" + rcode);
    }
    return out;
  }

  private static void skipName(ByteBuffer r) {
    while (true) {
      int len = r.get() & 0xff;
      if (len == 0) {
        return;
      }
      if ((len & 0xc0) == 0xc0) {
        r.get();
        return;
      }
      r.position(r.position() + len);
    }
  }

  /** User + system CPU seconds of a process so far, from /proc (Linux); in clock ticks of 1/100 s. */
  /** The process's user and system CPU seconds so far. */
  private static double[] cpuSeconds(long pid) throws IOException {
    String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // After "pid (comm) ": state is field 3, so utime (14) and stime (15) are at 11 and 12 here.
    return new double[] {Long.parseLong(f[11]) / 100.0, Long.parseLong(f[12]) / 100.0};
  }

  private static double pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int i = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
    return sorted[Math.max(0, i)] / 1e6;
  }

  private static InetSocketAddress hostPort(String text, int defaultPort) {
    int colon = text.lastIndexOf(':');
    return colon < 0 ? new InetSocketAddress(text, defaultPort)
        : new InetSocketAddress(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
  }
}
