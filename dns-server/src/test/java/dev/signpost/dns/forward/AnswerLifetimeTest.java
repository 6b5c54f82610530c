package dev.signpost.dns.forward;

import static dev.signpost.dns.forward.TestRecords.question;
import static dev.signpost.dns.forward.TestRecords.rr;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class AnswerLifetimeTest {

  private static final String SOA_3600_MIN_60 = "example. 3600 IN SOA ns.example. host.example. 1 7200 900 1209600 60";
  private static final String SOA_30_MIN_300 = "example. 30 IN SOA ns.example. host.example. 1 7200 900 1209600 300";

  /** A reply: its rcode, then records as "SECTION:zone text", where SECTION is an, au or ad. */
  private static Message reply(int rcode, String... records) {
    Message m = new Message(1);
    m.getHeader().setFlag(Flags.QR);
    m.getHeader().setRcode(rcode);
    m.addRecord(question("www.example.", Type.A), Section.QUESTION);
    for (String r : records) {
      int section = switch (r.substring(0, 3)) {
        case "an:" -> Section.ANSWER;
        case "au:" -> Section.AUTHORITY;
        default -> Section.ADDITIONAL;
      };
      m.addRecord(rr(r.substring(3)), section);
    }
    return m;
  }

  private static Message withOpt(Message m, int flags) {
    m.addRecord(new OPTRecord(1232, 0, 0, flags), Section.ADDITIONAL);
    return m;
  }

  private static Message truncated(Message m) {
    m.getHeader().setFlag(Flags.TC);
    return m;
  }

  static Stream<Arguments> answers() {
    return Stream.of(
        Arguments.of("one record", reply(Rcode.NOERROR, "an:www.example. 300 IN A 192.0.2.1"), 300),
        Arguments.of("the smallest answer TTL", reply(Rcode.NOERROR, "an:www.example. 300 IN A 192.0.2.1",
            "an:www.example. 60 IN A 192.0.2.2"), 60),
        Arguments.of("authority counts", reply(Rcode.NOERROR, "an:www.example. 300 IN A 192.0.2.1",
            "au:example. 100 IN NS ns.example."), 100),
        Arguments.of("additional counts", reply(Rcode.NOERROR, "an:www.example. 300 IN A 192.0.2.1",
            "ad:ns.example. 50 IN A 192.0.2.53"), 50),
        Arguments.of("OPT's TTL field is flags, not a TTL",
            withOpt(reply(Rcode.NOERROR, "an:www.example. 300 IN A 192.0.2.1"), 0), 300),
        Arguments.of("OPT with DO is still not a TTL",
            withOpt(reply(Rcode.NOERROR, "an:www.example. 300 IN A 192.0.2.1"), ExtendedFlags.DO), 300),
        Arguments.of("TTL 0 is not cached", reply(Rcode.NOERROR, "an:www.example. 0 IN A 192.0.2.1"), 0),
        Arguments.of("a week is capped at a day", reply(Rcode.NOERROR, "an:www.example. 604800 IN A 192.0.2.1"),
            86400),
        Arguments.of("NXDOMAIN: SOA minimum", reply(Rcode.NXDOMAIN, "au:" + SOA_3600_MIN_60), 60),
        Arguments.of("NODATA: SOA TTL", reply(Rcode.NOERROR, "au:" + SOA_30_MIN_300), 30),
        Arguments.of("NXDOMAIN after a CNAME: the CNAME's TTL bounds it", reply(Rcode.NXDOMAIN,
            "an:www.example. 20 IN CNAME gone.example.", "au:" + SOA_3600_MIN_60), 20),
        Arguments.of("NXDOMAIN without SOA", reply(Rcode.NXDOMAIN), 0),
        Arguments.of("a referral: NODATA without SOA", reply(Rcode.NOERROR, "au:example. 300 IN NS ns.example."), 0),
        Arguments.of("SERVFAIL", reply(Rcode.SERVFAIL, "au:" + SOA_3600_MIN_60), 0),
        Arguments.of("REFUSED", reply(Rcode.REFUSED), 0),
        Arguments.of("FORMERR", reply(Rcode.FORMERR), 0),
        Arguments.of("truncated", truncated(reply(Rcode.NOERROR, "an:www.example. 300 IN A 192.0.2.1")), 0));
  }

  @ParameterizedTest(name = "{0} -> {2} s")
  @MethodSource("answers")
  void anAnswerIsCachedForItsTtlsAndANegativeOneForItsSoa(String name, Message answer, long seconds) {
    assertThat(AnswerLifetime.seconds(answer)).isEqualTo(seconds);
  }
}
