package dev.signpost.dns.launcher;

import static dev.signpost.dns.launcher.TestClients.query;
import static dev.signpost.dns.launcher.TestClients.register;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Thousands of random and mutated packets, over UDP and TCP, then an ordinary query: it must get the right
 * answer. Whatever arrives, the listener keeps serving.
 */
class MalformedPacketsTest {

  private static final int PACKETS = 4000;

  @TempDir
  static Path dataDir;

  static SignpostServer server;
  static InetSocketAddress dns;

  @BeforeAll
  static void start() throws Exception {
    server = TestClients.startServer(dataDir);
    dns = server.dnsAddress();
    register(server.httpAddress(), """
        {"ID": "web-1", "Name": "web", "Address": "10.0.0.1", "Port": 80}""");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** A well-formed query to mutate: with EDNS, a compressed-looking name, several labels. */
  private static byte[] seed() throws IOException {
    Message q = Message.newQuery(Record.newRecord(Name.fromString("v1.web.service.local."), Type.SRV, DClass.IN));
    q.addRecord(new org.xbill.DNS.OPTRecord(1232, 0, 0), Section.ADDITIONAL);
    return q.toWire();
  }

  static byte[] mangle(byte[] seed, SplittableRandom random) {
    switch (random.nextInt(6)) {
      case 0: { // random bytes of a random length
        byte[] b = new byte[random.nextInt(0, 600)];
        random.nextBytes(b);
        return b;
      }
      case 1: { // a truncated query
        return java.util.Arrays.copyOf(seed, random.nextInt(0, seed.length));
      }
      case 2: { // a compression pointer that points at itself, or forward, in the question name
        byte[] b = seed.clone();
        int at = 12 + random.nextInt(0, 6);
        b[at] = (byte) 0xC0;
        b[at + 1] = (byte) (random.nextBoolean() ? at : random.nextInt(0, 256));
        return b;
      }
      case 3: { // an oversized label length
        byte[] b = seed.clone();
        b[12] = (byte) random.nextInt(64, 256);
        return b;
      }
      case 4: { // header counts that lie
        byte[] b = seed.clone();
        b[4] = (byte) random.nextInt(256);
        b[5] = (byte) random.nextInt(256);
        b[10] = (byte) random.nextInt(256);
        b[11] = (byte) random.nextInt(256);
        return b;
      }
      default: { // a few random bytes flipped anywhere
        byte[] b = seed.clone();
        for (int i = random.nextInt(1, 6); i > 0; i--) {
          b[random.nextInt(b.length)] ^= (byte) random.nextInt(1, 256);
        }
        return b;
      }
    }
  }

  @Test
  void randomAndMutatedPacketsNeverStopTheListener() throws Exception {
    SplittableRandom random = new SplittableRandom(20261123);
    byte[] seed = seed();
    try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(dns.getAddress(), 0))) {
      for (int i = 0; i < PACKETS; i++) {
        byte[] packet = mangle(seed, random);
        udp.send(new DatagramPacket(packet, packet.length, dns));
      }
    }
    // Over TCP too: each framed garbage message on its own connection, and some framing that lies.
    for (int i = 0; i < 50; i++) {
      try (Socket tcp = new Socket(dns.getAddress(), dns.getPort())) {
        tcp.setSoTimeout(2000);
        DataOutputStream out = new DataOutputStream(tcp.getOutputStream());
        byte[] packet = mangle(seed, random);
        out.writeShort(i % 10 == 0 ? packet.length + 100 : packet.length);
        out.write(packet);
        out.flush();
      }
    }

    for (boolean overTcp : new boolean[] {false, true}) {
      Message m = query(dns, overTcp, "web.service.local.", Type.A);
      assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
      assertThat(m.getSection(Section.ANSWER)).extracting(Record::rdataToString).containsExactly("10.0.0.1");
    }
  }
}
