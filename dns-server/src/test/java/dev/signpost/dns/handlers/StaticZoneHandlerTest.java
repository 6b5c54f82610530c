package dev.signpost.dns.handlers;

import static dev.signpost.dns.handlers.Queries.name;
import static dev.signpost.dns.handlers.Queries.query;
import static dev.signpost.dns.handlers.Queries.request;
import static dev.signpost.dns.handlers.Queries.rr;
import static dev.signpost.dns.handlers.Queries.section;
import static dev.signpost.dns.handlers.Queries.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signpost.dns.chain.DnsRequest;
import dev.signpost.zones.files.StaticZones;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;

/**
 * A zone file's names are answered from the file, as a primary server answers them (dnsjava's zone lookup);
 * every other name passes on.
 */
class StaticZoneHandlerTest {

  private static final String ZONE = """
      $ORIGIN infra.test.
      $TTL 300
      @       IN SOA   ns hostmaster 1 7200 900 1209600 60
      @       IN NS    ns
      ns      IN A     192.0.2.53
      db      IN A     192.0.2.10
      db      IN AAAA  2001:db8::10
      www     IN CNAME db
      legacy  IN DNAME db.infra.test.
      sub     IN NS    ns.sub
      ns.sub  IN A     192.0.2.54
      """;
  private static final String SOA =
      "infra.test. 300 IN SOA ns.infra.test. hostmaster.infra.test. 1 7200 900 1209600 60";

  private static StaticZoneHandler handler;

  @BeforeAll
  static void load(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("infra.zone"), ZONE);
    handler = new StaticZoneHandler(StaticZones.load(List.of(file), name("service.local."), List.of()));
  }

  private final RestOfChain rest = new RestOfChain();

  @ParameterizedTest(name = "{0} {1}: {2}")
  @CsvSource(delimiter = '|', textBlock = """
      db.infra.test.       | A    | NOERROR  | AA | db.infra.test. 300 IN A 192.0.2.10                   |
      DB.Infra.test.       | A    | NOERROR  | AA | db.infra.test. 300 IN A 192.0.2.10                   |
      db.infra.test.       | AAAA | NOERROR  | AA | db.infra.test. 300 IN AAAA 2001:db8::10              |
      infra.test.          | NS   | NOERROR  | AA | infra.test. 300 IN NS ns.infra.test.                 |
      db.infra.test.       | ANY  | NOERROR  | AA | db.infra.test. 300 IN A 192.0.2.10                   |
      www.infra.test.      | A    | NOERROR  | AA | www.infra.test. 300 IN CNAME db.infra.test.          |
      x.legacy.infra.test. | A    | NOERROR  | AA | legacy.infra.test. 300 IN DNAME db.infra.test.       |
      legacy.infra.test.   | A    | NOERROR  | AA |                                                      | {SOA}
      missing.infra.test.  | A    | NXDOMAIN | AA |                                                      | {SOA}
      db.infra.test.       | TXT  | NOERROR  | AA |                                                      | {SOA}
      host.sub.infra.test. | A    | NOERROR  |    |                       | sub.infra.test. 300 IN NS ns.sub.infra.test.
      """)
  void aNameUnderTheFilesOriginIsAnsweredFromTheFile(String qname, String type, String rcode, String aa,
      String answer, String authority) {
    Message query = query(qname + " " + type);

    Message reply = rest.assertAnswered(handler.handle(request(query), rest.next));

    assertThat(Rcode.string(reply.getRcode())).isEqualTo(rcode);
    assertThat(reply.getHeader().getFlag(Flags.AA)).as("AA").isEqualTo("AA".equals(aa));
    assertThat(reply.getHeader().getID()).isEqualTo(query.getHeader().getID());
    assertThat(reply.getQuestion()).isEqualTo(query.getQuestion());
    assertThat(section(reply, Section.ANSWER)).isEqualTo(records(answer));
    assertThat(section(reply, Section.AUTHORITY)).isEqualTo(records(authority));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"web.service.local. A", "test. SOA", "xinfra.test. A", "infra.test.example.org. A",
      "db.infra. A", ". NS"})
  void aNameOutsideEveryFilePassesOnUnchanged(String question) {
    DnsRequest request = request(question);

    rest.assertPassedOn(request, handler.handle(request, rest.next));
  }

  /** The record the text describes, as dnsjava writes it (so {@code 2001:db8::10} matches its long form). */
  private static List<String> records(String line) {
    return line == null ? List.of() : List.of(text(rr(line.replace("{SOA}", SOA))));
  }
}
