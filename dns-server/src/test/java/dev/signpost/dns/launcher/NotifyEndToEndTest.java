package dev.signpost.dns.launcher;

import static dev.signpost.dns.launcher.TestClients.register;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;

/**
 * {@code --notify} wired into the server: a secondary (a loopback socket here; Knot and NSD in SecondariesIT) hears of
 * the registry zone's serial at start and at each change, and of a zone file's at start and after a reload that
 * changed it.
 */
class NotifyEndToEndTest {

  @TempDir
  Path dir;

  @Test
  void theSecondaryHearsOfTheRegistryZonesChangesAndOfAZoneFileReloadedWithANewSerial() throws Exception {
    Path zoneFile = dir.resolve("infra.zone");
    Files.writeString(zoneFile, zone(1));
    try (DatagramSocket secondary = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      secondary.setSoTimeout(5000);
      try (SignpostServer server = TestClients.startServer(Files.createDirectories(dir.resolve("data")),
          "--zone-file", zoneFile.toString(), "--notify", "127.0.0.1:" + secondary.getLocalPort())) {
        long registryAtStart = serialOf(acknowledge(secondary, "service.local."));
        assertThat(serialOf(acknowledge(secondary, "infra.service.local."))).isEqualTo(1);

        register(server.httpAddress(), """
            {"ID": "web-1", "Name": "web", "Address": "192.0.2.1", "Port": 80}""");
        assertThat(serialOf(acknowledge(secondary, "service.local."))).isGreaterThan(registryAtStart)
            .isEqualTo(server.discovery().index() & 0xFFFFFFFFL);

        Files.writeString(zoneFile, zone(2));
        server.reloadZones();
        assertThat(serialOf(acknowledge(secondary, "infra.service.local."))).isEqualTo(2);
      }
    }
  }

  private static String zone(long serial) {
    return """
        $ORIGIN infra.service.local.
        $TTL 300
        @   IN SOA ns hostmaster %d 3600 600 86400 60
        @   IN NS  ns
        ns  IN A   10.0.0.53
        """.formatted(serial);
  }

  /** Receives NOTIFYs until one of {@code zone}, answers it as a secondary does, and returns it. */
  private static Message acknowledge(DatagramSocket secondary, String zone) throws IOException {
    while (true) {
      DatagramPacket packet = new DatagramPacket(new byte[512], 512);
      secondary.receive(packet);
      Message notify = new Message(Arrays.copyOf(packet.getData(), packet.getLength()));
      assertThat(notify.getHeader().getOpcode()).isEqualTo(Opcode.NOTIFY);
      Message answer = new Message(notify.getHeader().getID());
      answer.getHeader().setFlag(Flags.QR);
      answer.getHeader().setOpcode(Opcode.NOTIFY);
      answer.addRecord(notify.getQuestion(), Section.QUESTION);
      byte[] wire = answer.toWire();
      secondary.send(new DatagramPacket(wire, wire.length, packet.getSocketAddress()));
      if (notify.getQuestion().getName().toString().equals(zone)) {
        return notify;
      }
    }
  }

  private static long serialOf(Message notify) {
    return ((SOARecord) notify.getSection(Section.ANSWER).get(0)).getSerial();
  }
}
