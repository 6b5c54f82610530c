package dev.signpost.dns.transport;

import static org.assertj.core.api.Assertions.assertThat;

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

class SlipReplyTest {

  @Test
  void aSlippedReplyIsTheQuestionWithTcSoTheClientRetriesOverTcp() throws Exception {
    Message query = Message.newQuery(Record.newRecord(Name.fromString("big.service.local."), Type.AAAA, DClass.IN));
    query.getHeader().setID(4242);
    byte[] wire = query.toWire();

    byte[] slipped = SlipReply.of(wire);

    Message reply = new Message(slipped);
    assertThat(reply.getHeader().getID()).isEqualTo(4242);
    assertThat(reply.getHeader().getFlag(Flags.QR)).isTrue();
    assertThat(reply.getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(reply.getHeader().getFlag(Flags.RD)).isTrue();
    assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(reply.getQuestion()).isEqualTo(query.getQuestion());
    assertThat(reply.getSection(Section.ANSWER)).isEmpty();
    assertThat(slipped.length).isLessThanOrEqualTo(wire.length);
  }

  @Test
  void anEdnsQueryGetsAnOptRecordBack() throws Exception {
    Message query = Message.newQuery(Record.newRecord(Name.fromString("big.service.local."), Type.A, DClass.IN));
    query.addRecord(new OPTRecord(4096, 0, 0), Section.ADDITIONAL);

    Message reply = new Message(SlipReply.of(query.toWire()));

    assertThat(reply.getOPT()).isNotNull();
    assertThat(reply.getOPT().getPayloadSize()).isEqualTo(1232);
    assertThat(reply.getHeader().getFlag(Flags.TC)).isTrue();
  }

  @Test
  void responsesAndUnusualQueriesGetNothing() throws Exception {
    Message response = Message.newQuery(Record.newRecord(Name.fromString("x.service.local."), Type.A, DClass.IN));
    response.getHeader().setFlag(Flags.QR);
    assertThat(SlipReply.of(response.toWire())).isNull();
    assertThat(SlipReply.of(new byte[] {1, 2, 3})).isNull();
  }
}
