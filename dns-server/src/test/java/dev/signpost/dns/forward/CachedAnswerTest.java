package dev.signpost.dns.forward;

import static dev.signpost.dns.forward.TestRecords.question;
import static dev.signpost.dns.forward.TestRecords.rr;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class CachedAnswerTest {

  private static final long STORED = Duration.ofHours(5).toNanos();

  @ParameterizedTest(name = "{0} after {1} s")
  @CsvSource(delimiter = '|', textBlock = """
      www.example. 300 IN A 192.0.2.1                                   | 0   | www.example. 300 IN A 192.0.2.1
      www.example. 300 IN A 192.0.2.1                                   | 100 | www.example. 200 IN A 192.0.2.1
      www.example. 300 IN A 192.0.2.1                                   | 400 | www.example. 0 IN A 192.0.2.1
      WWW.Example. 300 IN CNAME Target.Example.                         | 1   | WWW.Example. 299 IN CNAME Target.Example.
      www.example. 300 IN AAAA 2001:db8::1                              | 10  | www.example. 290 IN AAAA 2001:db8::1
      www.example. 300 IN TXT "a b" "c"                                 | 10  | www.example. 290 IN TXT "a b" "c"
      example. 300 IN MX 10 Mail.Example.                               | 10  | example. 290 IN MX 10 Mail.Example.
      example. 300 IN SOA ns.example. host.example. 1 7200 900 1209600 60 | 10 | example. 290 IN SOA ns.example. host.example. 1 7200 900 1209600 60
      _x._tcp.example. 300 IN SRV 1 2 8080 Host.Example.                 | 10  | _x._tcp.example. 290 IN SRV 1 2 8080 Host.Example.
      """)
  void ttlsCountDownByWholeSecondsInTheCacheAndKeepTheRecordsData(String record, long seconds, String expected) {
    Message m = new Message(1);
    m.getHeader().setFlag(Flags.QR);
    m.addRecord(question("www.example.", Type.A), Section.QUESTION);
    m.addRecord(rr(record), Section.ANSWER);
    OPTRecord opt = new OPTRecord(1232, 0, 0, ExtendedFlags.DO);
    m.addRecord(opt, Section.ADDITIONAL);
    CachedAnswer cached = new CachedAnswer(m, STORED, Duration.ofDays(1).toNanos());

    Message aged = cached.aged(STORED + Duration.ofSeconds(seconds).plusMillis(999).toNanos());

    assertThat(aged.getSection(Section.ANSWER)).singleElement().hasToString(rr(expected).toString());
    assertThat(aged.getOPT()).as("OPT's TTL field holds flags and is left alone").isEqualTo(opt);
    assertThat(m.getSection(Section.ANSWER)).as("the cached message is not changed")
        .singleElement().hasToString(rr(record).toString());
  }
}
