package dev.signpost.dns.forward;

import static dev.signpost.dns.forward.TestRecords.question;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class ExchangeTest {

  private static final int ID = 0xBEEF;

  @ParameterizedTest(name = "id {0}, {1} {2} {3}, QR {4}: counts {5}")
  @CsvSource(delimiter = '|', textBlock = """
      48879 | www.example. | A    | IN | true  | true
      48879 | WWW.EXAMPLE. | A    | IN | true  | true
      48880 | www.example. | A    | IN | true  | false
      48879 | evil.example.| A    | IN | true  | false
      48879 | www.example. | AAAA | IN | true  | false
      48879 | www.example. | A    | CH | true  | false
      48879 | www.example. | A    | IN | false | false
      """)
  void onlyAReplyWithTheQueryIdAndQuestionCounts(int id, String name, String type, String dclass, boolean qr,
      boolean counts) throws Exception {
    Message query = new Message(ID);
    query.addRecord(question("www.example.", Type.A), Section.QUESTION);
    Exchange exchange = new Exchange(new Upstream(InetAddress.getLoopbackAddress(), 53), query);
    Message reply = new Message(id);
    if (qr) {
      reply.getHeader().setFlag(Flags.QR);
    }
    reply.addRecord(Record.newRecord(TestRecords.name(name), Type.value(type), DClass.value(dclass)),
        Section.QUESTION);

    assertThat(exchange.offer(reply.toWire())).isEqualTo(counts);
    assertThat(exchange.answer().isDone()).isEqualTo(counts);
  }

  @ParameterizedTest(name = "{0} bytes")
  @CsvSource({"0", "5", "12", "40"})
  void garbageIsIgnored(int length) {
    Message query = new Message(ID);
    query.addRecord(question("www.example.", Type.A), Section.QUESTION);
    Exchange exchange = new Exchange(new Upstream(InetAddress.getLoopbackAddress(), 53), query);
    byte[] wire = new byte[length];
    java.util.Arrays.fill(wire, (byte) 0xFF);
    if (length >= 2) {
      wire[0] = (byte) (ID >>> 8);
      wire[1] = (byte) ID;
    }

    assertThat(exchange.offer(wire)).isFalse();
    assertThat(exchange.answer()).isNotDone();
  }
}
