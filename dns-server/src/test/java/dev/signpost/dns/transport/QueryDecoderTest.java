package dev.signpost.dns.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signpost.dns.chain.Transport;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class QueryDecoderTest {

  private final QueryDecoder decoder = new QueryDecoder();
  private final InetSocketAddress client = new InetSocketAddress("127.0.0.1", 5353);

  private QueryDecoder.Decoded decode(byte[] wire) {
    return decoder.decode(wire, client, Transport.UDP);
  }

  private static Message query() throws Exception {
    return Message.newQuery(Record.newRecord(Name.fromString("web.service.local."), Type.A, DClass.IN));
  }

  @Test
  void aWellFormedQueryGoesToThePipeline() throws Exception {
    assertThat(decode(query().toWire())).isInstanceOf(QueryDecoder.Query.class);
  }

  @Test
  void packetsShorterThanAHeaderAreDropped() {
    assertThat(decode(new byte[11])).isInstanceOf(QueryDecoder.Drop.class);
  }

  @Test
  void responsesAreDroppedSoTwoServersCannotLoop() throws Exception {
    Message m = query();
    m.getHeader().setFlag(Flags.QR);
    assertThat(decode(m.toWire())).isInstanceOf(QueryDecoder.Drop.class);
  }

  @Test
  void unparseableSectionsGetAHeaderOnlyFormerrWithTheSameIdAndRd() throws Exception {
    byte[] wire = {0x7a, 0x01, 0x01, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0x3f};
    QueryDecoder.Immediate reply = (QueryDecoder.Immediate) decode(wire);
    Message m = new Message(reply.reply());
    assertThat(m.getRcode()).isEqualTo(Rcode.FORMERR);
    assertThat(m.getHeader().getID()).isEqualTo(0x7a01);
    assertThat(m.getHeader().getFlag(Flags.RD)).isTrue();
    assertThat(m.getHeader().getFlag(Flags.QR)).isTrue();
  }

  /** dnsjava keeps a message with TC set whose records it cannot all read; a query cut short is still FORMERR. */
  @Test
  void aQueryWithTcWhoseRecordsCannotAllBeReadIsFormerr() throws Exception {
    byte[] wire = query().toWire();
    byte[] cut = Arrays.copyOf(wire, wire.length + 3);
    cut[2] |= 0x02; // TC
    cut[11] = 1; // one additional record, of which three bytes follow
    cut[wire.length] = 0x3f;

    QueryDecoder.Immediate reply = (QueryDecoder.Immediate) decode(cut);

    assertThat(new Message(cut).getSection(Section.ADDITIONAL)).as("what dnsjava keeps").isEmpty();
    assertThat(new Message(reply.reply()).getRcode()).isEqualTo(Rcode.FORMERR);
  }

  @Test
  void noQuestionIsFormerr() throws Exception {
    Message m = new Message();
    QueryDecoder.Immediate reply = (QueryDecoder.Immediate) decode(m.toWire());
    assertThat(new Message(reply.reply()).getRcode()).isEqualTo(Rcode.FORMERR);
  }

  @Test
  void twoOptRecordsAreFormerr() throws Exception {
    Message m = query();
    m.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
    m.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
    QueryDecoder.Immediate reply = (QueryDecoder.Immediate) decode(m.toWire());
    assertThat(new Message(reply.reply()).getRcode()).isEqualTo(Rcode.FORMERR);
  }

  @Test
  void randomAndMutatedBytesNeverThrow() throws Exception {
    Random random = new Random(42);
    byte[] valid = query().toWire();
    for (int i = 0; i < 5_000; i++) {
      byte[] wire;
      if (i % 2 == 0) {
        wire = new byte[random.nextInt(64)];
        random.nextBytes(wire);
      } else {
        wire = valid.clone();
        for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
          wire[random.nextInt(wire.length)] = (byte) random.nextInt(256);
        }
      }
      assertThat(decode(wire)).isNotNull();
    }
  }
}
