package dev.signpost.dns.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.signpost.core.Instance;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * AXFR and IXFR of the registry's zone from the real server over loopback, asked by {@code dig} (skipped without
 * it), with and without TSIG: the records transferred are the server's own answers for those names.
 */
class ZoneTransferEndToEndTest {

  static final String KEY = "hmac-sha256:xfr:c2lnbnBvc3QtdHJhbnNmZXIta2V5LTMyLWJ5dGVzISE=";

  @TempDir
  static Path dataDir;

  static SignpostServer server;
  static InetSocketAddress dns;

  @BeforeAll
  static void start() throws Exception {
    server = TestClients.startServer(dataDir, "--transfer-allow", "127.0.0.1/32", "--tsig-key",
        KEY.substring("hmac-sha256:".length()).replaceFirst(":", ":hmac-sha256:"));
    dns = server.dnsAddress();
    register(Instance.of("web-1", "web", "10.0.0.1", 80, List.of("v1")));
    register(Instance.of("web-2", "web", "2001:db8::2", 80, List.of("v2")));
    register(Instance.of("db-1", "db", "10.0.0.3", 5432, List.of()));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static void register(Instance instance) {
    server.discovery().register(instance).toCompletableFuture().join();
  }

  /** dig's answer lines (comments and TSIG left out), whitespace made single. */
  static List<String> dig(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("dig", "@" + dns.getAddress().getHostAddress(), "-p",
        Integer.toString(dns.getPort()), "+nocmd", "+nostats", "+noall", "+answer"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return out.lines().filter(l -> !l.isBlank() && !l.startsWith(";")).map(l -> l.replaceAll("\\s+", " ").trim())
        .filter(l -> !l.contains(" TSIG ")).toList();
  }

  static boolean hasDig() {
    try {
      return new ProcessBuilder("dig", "-v").redirectErrorStream(true).start().waitFor(10, TimeUnit.SECONDS);
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  /** One spelling of an AAAA's address (dig compresses zeroes, dnsjava does not). */
  static String normal(String line) {
    String[] f = line.split(" ");
    if (!f[3].equals("AAAA")) {
      return line;
    }
    try {
      f[4] = java.net.InetAddress.getByName(f[4]).getHostAddress();
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
    return String.join(" ", f);
  }

  /** The lines by name and type. */
  static Map<String, Set<String>> rrsets(List<String> lines) {
    Map<String, Set<String>> sets = new TreeMap<>();
    for (String l : lines) {
      String[] f = l.split(" ");
      sets.computeIfAbsent(f[0] + " " + f[3], k -> new TreeSet<>()).add(l);
    }
    return sets;
  }

  @Test
  void anAxfrWithAndWithoutTsigHoldsTheServersOwnAnswers() throws Exception {
    assumeTrue(hasDig(), "dig is not installed");
    List<String> plain = dig("AXFR", "service.local");
    List<String> signed = dig("-y", KEY, "AXFR", "service.local");
    assertThat(plain.get(0)).contains(" SOA ");
    assertThat(plain.get(plain.size() - 1)).isEqualTo(plain.get(0));
    assertThat(signed).isEqualTo(plain);
    SimpleResolver resolver = TestClients.resolver(dns, true);
    for (Map.Entry<String, Set<String>> e : rrsets(plain.subList(1, plain.size() - 1)).entrySet()) {
      String[] nameType = e.getKey().split(" ");
      Message answer = resolver.send(Message.newQuery(Record.newRecord(Name.fromString(nameType[0]),
          Type.value(nameType[1]), DClass.IN)));
      Set<String> own = new TreeSet<>();
      answer.getSection(Section.ANSWER).forEach(r -> own.add(normal(r.toString().replaceAll("\\s+", " "))));
      Set<String> transferred = new TreeSet<>();
      e.getValue().forEach(l -> transferred.add(normal(l)));
      assertThat(own).as(e.getKey()).isEqualTo(transferred);
    }
    assertThat(rrsets(plain)).containsKeys("web.service.local. A", "web.service.local. AAAA",
        "_web._v2.service.local. SRV", "0a000003-5432.addr.service.local. A");
  }

  @Test
  void anIxfrFromAKnownSerialSendsTheChangeAndFromTheCurrentOneTheSoa() throws Exception {
    assumeTrue(hasDig(), "dig is not installed");
    long serial = server.discovery().index() & 0xFFFFFFFFL;
    register(Instance.of("new-1", "new", "10.0.0.9", 9, List.of()));
    List<String> ixfr = dig("-y", KEY, "IXFR=" + serial, "service.local");
    assertThat(ixfr.get(1)).contains(" SOA ").contains(" " + serial + " ");
    assertThat(ixfr).contains("new.service.local. 5 IN A 10.0.0.9");
    assertThat(ixfr).noneMatch(l -> l.startsWith("web.service.local."));
    long now = server.discovery().index() & 0xFFFFFFFFL;
    assertThat(dig("IXFR=" + now, "service.local")).singleElement().asString().contains(" " + now + " ");
  }

  @Test
  void aWrongSecretGetsBadsigAndAnUnknownKeyBadkey() throws Exception {
    assumeTrue(hasDig(), "dig is not installed");
    Process p = new ProcessBuilder("dig", "@127.0.0.1", "-p", Integer.toString(dns.getPort()), "-y",
        "hmac-sha256:xfr:YmFkYmFkYmFkYmFkYmFkYmFkYmFkYmFkYmFkYmFkYmFk", "AXFR", "service.local")
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(out).contains("BADSIG").doesNotContain(" IN A ");
    p = new ProcessBuilder("dig", "@127.0.0.1", "-p", Integer.toString(dns.getPort()), "-y",
        "hmac-sha256:other:YmFkYmFkYmFkYmFkYmFkYmFkYmFkYmFkYmFkYmFkYmFk", "SOA", "service.local")
        .redirectErrorStream(true).start();
    out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(out).contains("BADKEY").contains("NOTAUTH");
  }

  @Test
  void withoutPermissionAServerRefusesTransfers(@TempDir Path other) throws Exception {
    try (SignpostServer closed = TestClients.startServer(other);
        java.net.Socket socket = new java.net.Socket(closed.dnsAddress().getAddress(), closed.dnsAddress().getPort())) {
      byte[] query = Message.newQuery(Record.newRecord(Name.fromString("service.local."), Type.AXFR, DClass.IN))
          .toWire();
      java.io.DataOutputStream out = new java.io.DataOutputStream(socket.getOutputStream());
      out.writeShort(query.length);
      out.write(query);
      out.flush();
      java.io.DataInputStream in = new java.io.DataInputStream(socket.getInputStream());
      byte[] reply = new byte[in.readUnsignedShort()];
      in.readFully(reply);
      assertThat(new Message(reply).getRcode()).isEqualTo(Rcode.REFUSED);
    }
  }
}
