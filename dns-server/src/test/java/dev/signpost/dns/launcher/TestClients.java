package dev.signpost.dns.launcher;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;

/** The clients an end-to-end test uses: HTTP for the admin API, DNS over UDP and TCP, raw datagrams. */
final class TestClients {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private TestClients() {}

  static HttpResponse<String> http(InetSocketAddress server, String method, String path, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(
            URI.create("http://" + Main.hostPort(server) + path))
        .timeout(Duration.ofSeconds(10));
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Registers a service and fails the test unless the API acknowledged it with 200. */
  static void register(InetSocketAddress server, String json) throws IOException, InterruptedException {
    HttpResponse<String> r = http(server, "PUT", "/v1/agent/service/register", json);
    if (r.statusCode() != 200) {
      throw new AssertionError("registration refused: " + r.statusCode() + " " + r.body());
    }
  }

  /** The server in this JVM on ephemeral loopback ports, with more flags if given. */
  static SignpostServer startServer(java.nio.file.Path dataDir, String... more) throws UsageException {
    java.util.List<String> flags = new java.util.ArrayList<>(java.util.List.of("--dns-port", "0", "--http-port", "0",
        "--data-dir", dataDir.toString()));
    flags.addAll(java.util.List.of(more));
    return SignpostServer.start(LauncherOptions.parse(flags.toArray(String[]::new)));
  }

  /** {@code host:port} as the command line takes it. */
  static String hostPort(InetSocketAddress address) {
    return Main.hostPort(address);
  }

  static SimpleResolver resolver(InetSocketAddress server, boolean tcp) {
    SimpleResolver r = new SimpleResolver(server);
    r.setTCP(tcp);
    r.setTimeout(Duration.ofSeconds(5));
    // The resolver would otherwise retry a truncated UDP answer over TCP by itself.
    r.setIgnoreTruncation(true);
    return r;
  }

  static Message query(InetSocketAddress server, boolean tcp, String name, int type) throws IOException {
    Message q = Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
    return resolver(server, tcp).send(q);
  }

  /** A query without EDNS, as old stub resolvers send it (dnsjava's resolver adds an OPT record itself). */
  static Message plainUdpQuery(InetSocketAddress server, String name, int type) throws IOException {
    Message q = Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
    byte[] reply = exchange(server, q.toWire(), true);
    return new Message(reply);
  }

  static Message ednsUdpQuery(InetSocketAddress server, String name, int type, OPTRecord opt) throws IOException {
    Message q = Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
    q.addRecord(opt, Section.ADDITIONAL);
    return new Message(exchange(server, q.toWire(), true));
  }

  /** Sends one datagram and returns the reply, or null when none comes within a second and none is expected. */
  static byte[] exchange(InetSocketAddress server, byte[] datagram, boolean expectReply) throws IOException {
    try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(server.getAddress(), 0))) {
      socket.setSoTimeout(expectReply ? 5000 : 1000);
      socket.send(new DatagramPacket(datagram, datagram.length, server));
      byte[] buf = new byte[65535];
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      try {
        socket.receive(p);
      } catch (SocketTimeoutException e) {
        if (expectReply) {
          throw e;
        }
        return null;
      }
      return Arrays.copyOf(buf, p.getLength());
    }
  }
}
