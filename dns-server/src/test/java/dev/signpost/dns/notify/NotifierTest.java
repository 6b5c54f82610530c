package dev.signpost.dns.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.signpost.dns.transport.TransportChoice;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;

/** The sender on a real loopback socket: a NOTIFY goes out over UDP and the secondary's answer is read back. */
class NotifierTest {

  @Test
  void aSecondaryOnLoopbackGetsTheNotifyAndItsAnswerCountsAsAcknowledged() throws Exception {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    try (DatagramSocket secondary = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      secondary.setSoTimeout(5000);
      NotifyTarget target = NotifyTarget.parse("127.0.0.1:" + secondary.getLocalPort());
      try (Notifier notifier = Notifier.start(List.of(target), name -> Optional.empty(),
          TransportChoice.auto().transport(), meters)) {
        notifier.publish(new SOARecord(Name.fromConstantString("service.local."), DClass.IN, 5,
            Name.fromConstantString("ns.service.local."), Name.fromConstantString("hostmaster.service.local."), 42,
            3600, 600, 86400, 5));
        DatagramPacket packet = new DatagramPacket(new byte[512], 512);
        secondary.receive(packet);
        Message notify = new Message(Arrays.copyOf(packet.getData(), packet.getLength()));
        assertThat(notify.getHeader().getOpcode()).isEqualTo(Opcode.NOTIFY);
        assertThat(((SOARecord) notify.getSection(Section.ANSWER).get(0)).getSerial()).isEqualTo(42);

        Message answer = new Message(notify.getHeader().getID());
        answer.getHeader().setFlag(Flags.QR);
        answer.getHeader().setOpcode(Opcode.NOTIFY);
        answer.addRecord(notify.getQuestion(), Section.QUESTION);
        byte[] wire = answer.toWire();
        secondary.send(new DatagramPacket(wire, wire.length, packet.getSocketAddress()));

        await().atMost(Duration.ofSeconds(5)).until(() ->
            meters.get("signpost.notify.acknowledged").tag("target", target.address()).counter().count() == 1);
      }
    }
  }
}
