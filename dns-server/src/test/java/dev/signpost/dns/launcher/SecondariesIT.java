package dev.signpost.dns.launcher;

import static dev.signpost.dns.launcher.TestClients.http;
import static dev.signpost.dns.launcher.TestClients.register;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.signpost.dns.launcher.SecondaryServer.Key;
import dev.signpost.dns.launcher.SecondaryServer.Kind;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;
import org.xbill.DNS.ZoneTransferIn;

/**
 * Knot DNS 3.2 and NSD 4.6 (Debian's {@code knot} and {@code nsd}) as secondaries of Signpost's registry zone, each
 * configured as its own documentation says, told of changes by {@code --notify}: a registration, a deregistration and
 * a failed health check are each served by both within a second or so of the API's 200 (the figures are printed;
 * the assertion allows 5 s for a busy CI machine), and afterwards both answer every name of Signpost's AXFR as
 * Signpost does, as sets. With TSIG only the key's holders may transfer; a secondary that was down catches up by
 * IXFR, or by AXFR once the changes it missed are older than {@code --ixfr-history}. Each test skips without knotd
 * or nsd.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class SecondariesIT {

  private static final String ZONE = "service.local";
  private static final Key KEY = new Key("signpost-xfr", "hmac-sha256",
      Base64.getEncoder().encodeToString("a shared secret of 32 bytes, ok!".getBytes(StandardCharsets.US_ASCII)));
  /** The goal is a second; CI machines are slow and busy. */
  private static final Duration BOUND = Duration.ofSeconds(5);

  @TempDir
  Path dir;

  private SignpostProcess signpost;
  private final List<SecondaryServer> secondaries = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (SecondaryServer s : secondaries) {
      s.close();
    }
    if (signpost != null) {
      signpost.close();
    }
  }

  @Test
  void knotAndNsdServeEachRegistrationDeregistrationAndFailedCheckWithinASecondAndAnswerAsSignpostDoes()
      throws Exception {
    start(Optional.empty(), "--transfer-allow", "127.0.0.1/32");
    followChanges("without TSIG");
    assertSecondariesAnswerAsSignpost(Optional.empty());
  }

  @Test
  void withTsigTheSecondariesFollowSignedAndOnlyTheKeysHoldersMayTransfer() throws Exception {
    start(Optional.of(KEY));
    followChanges("with TSIG");
    assertSecondariesAnswerAsSignpost(Optional.of(tsig(KEY.secret())));
    assertThat(metric("signpost_notify_acknowledged_total\\{target=\"" + Pattern.quote(secondaries.get(0).notifyFlag()
        .replace("@" + KEY.name(), "")) + "\"}")).as("signed NOTIFYs Knot acknowledged with a signed answer")
        .isPositive();

    Message unsigned = axfr(Optional.empty());
    assertThat(Rcode.string(unsigned.getRcode())).as("an unsigned AXFR").isEqualTo("REFUSED");
    Message wrongSecret = axfr(Optional.of(tsig(Base64.getEncoder().encodeToString(
        "not the secret the server holds!".getBytes(StandardCharsets.US_ASCII)))));
    assertThat(Rcode.string(wrongSecret.getHeader().getRcode())).as("an AXFR with a bad signature")
        .isEqualTo("NOTAUTH");
    assertThat(wrongSecret.getTSIG()).isNotNull();
    assertThat(Rcode.TSIGstring(wrongSecret.getTSIG().getError())).isEqualTo("BADSIG");
    assertThat(wrongSecret.getSection(Section.ANSWER)).isEmpty();
    assertThat(Rcode.string(axfr(Optional.of(tsig(KEY.secret()))).getRcode())).as("a signed AXFR")
        .isEqualTo("NOERROR");
  }

  @Test
  void withoutTransferAllowOrAKeyNobodyTransfers() throws Exception {
    signpost = SignpostProcess.start(dir.resolve("data"));
    assertThat(Rcode.string(axfr(Optional.empty()).getRcode())).isEqualTo("REFUSED");
  }

  @Test
  void secondariesThatWereDownCatchUpByIxfrAndByAxfrOnceTheHistoryIsGone() throws Exception {
    start(Optional.empty(), "--transfer-allow", "127.0.0.1/32", "--ixfr-history", "3");
    register(signpost.api, instance("web-1", "127.0.0.2", ""));
    awaitServed("web.service.local", Set.of("127.0.0.2"));

    long oldSerial = serial();
    int logged = knot().log().length();
    Duration ixfr = outage(List.of(instance("web-2", "127.0.0.3", "")), Set.of("127.0.0.2", "127.0.0.3"));
    assertThat(ixfrFrom(oldSerial).isIXFR()).as("Signpost's IXFR from the serial the secondaries had").isTrue();
    assertThat(knot().log().substring(logged)).as("Knot's log").contains("IXFR, incoming")
        .doesNotContain("AXFR");

    long olderSerial = serial();
    logged = knot().log().length();
    List<String> many = new ArrayList<>();
    for (int i = 3; i <= 7; i++) {
      many.add(instance("web-" + i, "127.0.0." + (i + 1), ""));
    }
    Duration axfr = outage(many, Set.of("127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5", "127.0.0.6",
        "127.0.0.7", "127.0.0.8"));
    assertThat(ixfrFrom(olderSerial).isAXFR()).as("Signpost's IXFR from a serial 5 changes back, history 3").isTrue();
    assertThat(knot().log().substring(logged)).as("Knot's log").contains("receiving AXFR-style IXFR");
    System.out.printf("secondaries back after an outage: caught up %d ms after restart by IXFR, %d ms by AXFR%n",
        ixfr.toMillis(), axfr.toMillis());
    assertSecondariesAnswerAsSignpost(Optional.empty());
  }

  /** Stops both secondaries, makes the changes, starts them again; how long until both serve {@code expected}. */
  private Duration outage(List<String> registrations, Set<String> expected) throws Exception {
    for (SecondaryServer s : secondaries) {
      s.awaitPersisted();
      s.stop();
    }
    for (String r : registrations) {
      register(signpost.api, r);
    }
    long restarted = System.nanoTime();
    for (SecondaryServer s : secondaries) {
      s.start(signpost.dns);
    }
    // Signpost's NOTIFY went unanswered while they were down; its retries (2 s, then 4, 8...) bring them back.
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
        .until(() -> secondaries.stream().allMatch(s -> addresses(s.dns, "web.service.local").equals(expected)));
    return Duration.ofNanos(System.nanoTime() - restarted);
  }

  /** Signpost with {@code --notify} to Knot and NSD (signed with {@code key} when given), and both started. */
  private void start(Optional<Key> key, String... flags) throws Exception {
    Optional<Path> knot = SecondaryServer.binary(Kind.KNOT);
    Optional<Path> nsd = SecondaryServer.binary(Kind.NSD);
    assumeTrue(knot.isPresent(), "knotd is not installed (apt-get install knot)");
    assumeTrue(nsd.isPresent(), "nsd is not installed (apt-get install nsd)");
    secondaries.add(SecondaryServer.configure(Kind.KNOT, knot.get(), dir.resolve("knot"), ZONE, key));
    secondaries.add(SecondaryServer.configure(Kind.NSD, nsd.get(), dir.resolve("nsd"), ZONE, key));
    List<String> args = new ArrayList<>(List.of(flags));
    key.ifPresent(k -> args.addAll(List.of("--tsig-key", k.flag())));
    for (SecondaryServer s : secondaries) {
      args.addAll(List.of("--notify", s.notifyFlag()));
    }
    signpost = SignpostProcess.start(dir.resolve("data"), args.toArray(String[]::new));
    for (SecondaryServer s : secondaries) {
      s.start(signpost.dns);
    }
  }

  /**
   * Register, deregister, fail a check: each served by both secondaries; the times printed (per secondary) and
   * bounded.
   */
  private void followChanges(String mode) throws Exception {
    register(signpost.api, instance("web-1", "127.0.0.2", ""));
    register(signpost.api, instance("web-2", "127.0.0.3",
        ", \"Check\": {\"CheckID\": \"web-2-alive\", \"TTL\": \"60s\", \"Status\": \"passing\"}"));
    awaitServed("web.service.local", Set.of("127.0.0.2", "127.0.0.3"));

    // Each time runs from the API's 200: the change is durable and in Signpost's answers from then on.
    register(signpost.api, instance("web-3", "127.0.0.4", ""));
    Map<Kind, Duration> registered = awaitServedSince(System.nanoTime(), Set.of("127.0.0.2", "127.0.0.3",
        "127.0.0.4"));

    assertThat(http(signpost.api, "PUT", "/v1/agent/service/deregister/web-1", null).statusCode()).isEqualTo(200);
    Map<Kind, Duration> deregistered = awaitServedSince(System.nanoTime(), Set.of("127.0.0.3", "127.0.0.4"));

    assertThat(http(signpost.api, "PUT", "/v1/agent/check/fail/web-2-alive?note=broken", null).statusCode())
        .isEqualTo(200);
    Map<Kind, Duration> failed = awaitServedSince(System.nanoTime(), Set.of("127.0.0.4"));

    System.out.printf("secondaries (%s) serve a change, after the API's 200: registration %s, deregistration %s,"
        + " failed check %s%n", mode, millis(registered), millis(deregistered), millis(failed));
    for (Map<Kind, Duration> times : List.of(registered, deregistered, failed)) {
      assertThat(times.values()).allSatisfy(d -> assertThat(d).isLessThan(BOUND));
    }
  }

  private static String millis(Map<Kind, Duration> times) {
    return times.entrySet().stream().map(e -> e.getKey().binary + " " + e.getValue().toMillis() + " ms")
        .collect(Collectors.joining(", "));
  }

  /**
   * Polls each secondary on its own thread (so one slow answer does not delay the other's figure) until it serves
   * {@code expected}; when each first did, since {@code start}.
   */
  private Map<Kind, Duration> awaitServedSince(long start, Set<String> expected) throws Exception {
    Map<Kind, CompletableFuture<Duration>> polls = new EnumMap<>(Kind.class);
    for (SecondaryServer s : secondaries) {
      polls.put(s.kind, CompletableFuture.supplyAsync(() -> {
        await().atMost(BOUND).pollInterval(Duration.ofMillis(5))
            .until(() -> addresses(s.dns, "web.service.local").equals(expected));
        return Duration.ofNanos(System.nanoTime() - start);
      }));
    }
    Map<Kind, Duration> seen = new EnumMap<>(Kind.class);
    for (Map.Entry<Kind, CompletableFuture<Duration>> poll : polls.entrySet()) {
      seen.put(poll.getKey(), poll.getValue().get());
    }
    return seen;
  }

  private void awaitServed(String name, Set<String> expected) {
    await().atMost(BOUND).pollInterval(Duration.ofMillis(10)).until(() ->
        secondaries.stream().allMatch(s -> addresses(s.dns, name).equals(expected)));
  }

  /** The A records a server answers for {@code name}; empty on NXDOMAIN, NODATA or no answer. */
  private static Set<String> addresses(InetSocketAddress server, String name) {
    SimpleResolver resolver = TestClients.resolver(server, false);
    // A reloading daemon may drop a query: a lost one costs a poll, not a second on the measured figure.
    resolver.setTimeout(Duration.ofMillis(100));
    try {
      Message query = Message.newQuery(Record.newRecord(Name.fromString(name + "."), Type.A, DClass.IN));
      return resolver.send(query).getSection(Section.ANSWER).stream()
          .filter(r -> r instanceof ARecord).map(r -> ((ARecord) r).getAddress().getHostAddress())
          .collect(Collectors.toSet());
    } catch (IOException e) {
      return Set.of();
    }
  }

  /**
   * Every name and type of Signpost's AXFR, asked of Signpost and of each secondary over UDP: the same records (as
   * sets, since Signpost orders per query), TTLs included.
   */
  private void assertSecondariesAnswerAsSignpost(Optional<TSIG> key) throws Exception {
    ZoneTransferIn xfr = ZoneTransferIn.newAXFR(Name.fromString(ZONE + "."), signpost.dns, key.orElse(null));
    xfr.run();
    Map<String, int[]> questions = new LinkedHashMap<>();
    for (Record r : xfr.getAXFR()) {
      questions.put(r.getName() + " " + Type.string(r.getType()), new int[] {r.getType()});
    }
    assertThat(questions).as("names in the zone").hasSizeGreaterThan(5);
    for (SecondaryServer s : secondaries) {
      await().atMost(BOUND).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
        for (Map.Entry<String, int[]> q : questions.entrySet()) {
          String name = q.getKey().substring(0, q.getKey().indexOf(' '));
          assertThat(answer(s.dns, name, q.getValue()[0])).as(s.kind + " for " + q.getKey())
              .isEqualTo(answer(signpost.dns, name, q.getValue()[0]));
        }
      });
    }
  }

  private static Set<String> answer(InetSocketAddress server, String name, int type) throws IOException {
    Message reply = TestClients.query(server, false, name, type);
    return reply.getSection(Section.ANSWER).stream().map(Record::toString)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** An AXFR over TCP, signed with {@code key} when given; Signpost's first answer message. */
  private Message axfr(Optional<TSIG> key) throws IOException {
    Message query = Message.newQuery(Record.newRecord(Name.fromString(ZONE + "."), Type.AXFR, DClass.IN));
    key.ifPresent(k -> k.apply(query, null));
    byte[] wire = query.toWire();
    try (Socket socket = new Socket(signpost.dns.getAddress(), signpost.dns.getPort())) {
      socket.setSoTimeout(5000);
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      out.writeShort(wire.length);
      out.write(wire);
      out.flush();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      byte[] reply = new byte[in.readUnsignedShort()];
      in.readFully(reply);
      return new Message(reply);
    }
  }

  private static TSIG tsig(String secret) {
    return new TSIG(TSIG.HMAC_SHA256, Name.fromConstantString(KEY.name() + "."),
        new SecretKeySpec(Base64.getDecoder().decode(secret), "HmacSHA256"));
  }

  private SecondaryServer knot() {
    return secondaries.stream().filter(s -> s.kind == Kind.KNOT).findFirst().orElseThrow();
  }

  /** Signpost's SOA serial now. */
  private long serial() throws IOException {
    return ((org.xbill.DNS.SOARecord) TestClients.query(signpost.dns, false, ZONE + ".", Type.SOA)
        .getSection(Section.ANSWER).get(0)).getSerial();
  }

  /** An IXFR from {@code serial}, run to its end. */
  private ZoneTransferIn ixfrFrom(long serial) throws Exception {
    ZoneTransferIn xfr = ZoneTransferIn.newIXFR(Name.fromString(ZONE + "."), serial, false, signpost.dns, null);
    xfr.run();
    return xfr;
  }

  private double metric(String regex) throws Exception {
    Matcher m = Pattern.compile(regex + " (\\S+)").matcher(http(signpost.api, "GET", "/metrics", null).body());
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  private static String instance(String id, String address, String more) {
    return "{\"ID\": \"" + id + "\", \"Name\": \"web\", \"Address\": \"" + address + "\", \"Port\": 80" + more + "}";
  }
}
