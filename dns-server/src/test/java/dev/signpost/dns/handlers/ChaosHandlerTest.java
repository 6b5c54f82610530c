package dev.signpost.dns.handlers;

import static dev.signpost.dns.handlers.Queries.query;
import static dev.signpost.dns.handlers.Queries.request;
import static dev.signpost.dns.handlers.Queries.section;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signpost.dns.chain.DnsRequest;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;

class ChaosHandlerTest {

  private final ChaosHandler chaos = new ChaosHandler("signpost 1.0");
  private final RestOfChain rest = new RestOfChain();

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      version.bind. TXT CH   | version.bind. 0 CH TXT "signpost 1.0"
      version.server. TXT CH | version.server. 0 CH TXT "signpost 1.0"
      id.server. TXT CH      | id.server. 0 CH TXT "signpost 1.0"
      hostname.bind. TXT CH  | hostname.bind. 0 CH TXT "signpost 1.0"
      VERSION.Bind. TXT CH   | VERSION.Bind. 0 CH TXT "signpost 1.0"
      version.bind. ANY CH   | version.bind. 0 CH TXT "signpost 1.0"
      version.bind. A CH     |
      version.bind. SOA CH   |
      """)
  void theServersIdentityNamesAreAnsweredAuthoritativelyWithTheConfiguredText(String question, String answer) {
    Message query = query(question);

    Message reply = rest.assertAnswered(chaos.handle(request(query), rest.next));

    assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(reply.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(reply.getHeader().getID()).isEqualTo(query.getHeader().getID());
    assertThat(reply.getQuestion()).isEqualTo(query.getQuestion());
    assertThat(section(reply, Section.ANSWER))
        .containsExactlyElementsOf(answer == null ? List.of() : List.of(answer));
    assertThat(reply.getSection(Section.AUTHORITY)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"version.bind. TXT", "version.bind. TXT HS", "authors.bind. TXT CH", "bind. TXT CH",
      "sub.version.bind. TXT CH", "web.service.local. A", "web.service.local. TXT CH"})
  void everyOtherQueryPassesOnUnchanged(String question) {
    DnsRequest request = request(question);

    rest.assertPassedOn(request, chaos.handle(request, rest.next));
  }
}
