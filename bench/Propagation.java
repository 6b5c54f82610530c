import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * How long a registration on one cluster node takes to be answered by another node's DNS. N times, it
 * registers a fresh instance of a fresh service on node A ({@code PUT /v1/agent/service/register}, one
 * keep-alive HTTP/1.1 connection, one request at a time) and, once A has answered 200, asks node B for
 * that service's A record over UDP in a tight loop (one query in flight, each waited for) until B's answer
 * holds the instance's address. One sample is the time from A's 200 to B's first correct answer; the time
 * from sending the PUT is printed too, and A's own latency.
 *
 * <p>JDK only, one file: {@code java bench/Propagation.java A_HOST:HTTP_PORT B_HOST:DNS_PORT [options]}
 *
 * <pre>
 *   --samples N       measured samples (default 1000)
 *   --warmup W        samples first, not counted (default 100)
 *   --prefix P        service and id prefix (default "prop"), so runs on one cluster do not overlap
 *   --timeout-ms T    a sample whose answer B has not given after T ms counts as lost (default 5000)
 *   --interval-ms I   pause between samples (default 0)
 * </pre>
 *
 * Sample k registers instance {@code P-k} of service {@code P-svc-k} at 172.16.0.0/12 + k + 1. Before its
 * PUT, B is asked once: it must not answer with the address already (a leftover of an earlier run).
 */
public final class Propagation {

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: java bench/Propagation.java A_HOST:HTTP_PORT B_HOST:DNS_PORT [--samples N]"
          + " [--warmup W] [--prefix P] [--timeout-ms T] [--interval-ms I]");
      System.exit(2);
    }
    InetSocketAddress http = hostPort(args[0]);
    InetSocketAddress dns = hostPort(args[1]);
    int samples = 1000;
    int warmup = 100;
    String prefix = "prop";
    long timeoutMs = 5000;
    long intervalMs = 0;
    for (int a = 2; a < args.length; a += 2) {
      String value = args[a + 1];
      switch (args[a]) {
        case "--samples" -> samples = Integer.parseInt(value);
        case "--warmup" -> warmup = Integer.parseInt(value);
        case "--prefix" -> prefix = value;
        case "--timeout-ms" -> timeoutMs = Long.parseLong(value);
        case "--interval-ms" -> intervalMs = Long.parseLong(value);
        default -> throw new IllegalArgumentException("unknown option " + args[a]);
      }
    }

    try (Socket s = new Socket(); DatagramSocket udp = new DatagramSocket()) {
      s.setTcpNoDelay(true);
      s.connect(http, 5_000);
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      InputStream in = new BufferedInputStream(s.getInputStream(), 8192);
      udp.connect(dns);
      Dns b = new Dns(udp);

      long[] fromOk = new long[samples];
      long[] fromPut = new long[samples];
      long[] put = new long[samples];
      long queries = 0;
      int lost = 0;
      List<String> lostIds = new ArrayList<>();
      long start = System.nanoTime();
      for (int k = 0; k < warmup + samples; k++) {
        boolean measured = k >= warmup;
        String service = prefix + "-svc-" + k;
        String qname = service + ".service.local";
        byte[] address = address(k);
        if (b.answers(qname, address)) {
          throw new IllegalStateException(qname + " already answers " + text(address)
              + ": use another --prefix");
        }
        byte[] request = request(http.getHostString(), prefix + "-" + k, service, text(address));
        long t0 = System.nanoTime();
        out.write(request);
        out.flush();
        int status = readResponse(in);
        long t1 = System.nanoTime();
        if (status != 200) {
          throw new IOException("registration of " + prefix + "-" + k + " got HTTP " + status);
        }
        long deadline = t1 + timeoutMs * 1_000_000L;
        long asked = 0;
        long t2 = -1;
        while (System.nanoTime() < deadline) {
          asked++;
          if (b.answers(qname, address)) {
            t2 = System.nanoTime();
            break;
          }
        }
        if (measured) {
          int i = k - warmup;
          queries += asked;
          if (t2 < 0) {
            lost++;
            lostIds.add(prefix + "-" + k);
            fromOk[i] = fromPut[i] = Long.MAX_VALUE;
          } else {
            fromOk[i] = t2 - t1;
            fromPut[i] = t2 - t0;
          }
          put[i] = t1 - t0;
        }
        if (intervalMs > 0) {
          Thread.sleep(intervalMs);
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;

      System.out.printf("%d samples (after %d not counted) in %.1f s; %d lost (no answer from B within %d ms)%s%n",
          samples, warmup, seconds, lost, timeoutMs, lost > 0 ? ": " + lostIds.subList(0, Math.min(5, lost)) : "");
      System.out.printf("queries to B per sample: %.1f on average (%d DNS timeouts in all)%n",
          (double) queries / samples, b.timeouts);
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < samples; i++) {
        order.add(i);
      }
      long[] ok = fromOk;
      order.sort(Comparator.comparingLong((Integer i) -> ok[i]).reversed());
      StringBuilder slowest = new StringBuilder();
      for (int i = 0; i < Math.min(5, samples); i++) {
        int j = order.get(i);
        slowest.append(String.format(" #%d %s", j, ok[j] == Long.MAX_VALUE ? "lost" : String.format("%.1f ms", ok[j] / 1e6)));
      }
      print("from A's 200 to B's answer", fromOk);
      print("from sending the PUT to A ", fromPut);
      print("A's PUT alone (to its 200)", put);
      System.out.println("slowest (sample number, from A's 200):" + slowest);
    }
  }

  private static void print(String what, long[] values) {
    long[] v = values.clone();
    Arrays.sort(v);
    long finite = Arrays.stream(v).filter(x -> x != Long.MAX_VALUE).count();
    double mean = Arrays.stream(v).filter(x -> x != Long.MAX_VALUE).average().orElse(0) / 1e6;
    System.out.printf("%s ms: p50 %s  p90 %s  p99 %s  max %s  mean %.3f%n", what, pct(v, 0.50), pct(v, 0.90),
        pct(v, 0.99), v.length == 0 ? "-" : ms(v[v.length - 1]), mean);
    if (finite < v.length) {
      System.out.printf("  (%d lost samples counted as infinite)%n", v.length - finite);
    }
  }

  private static String pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return "-";
    }
    int i = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
    return ms(sorted[Math.max(0, i)]);
  }

  private static String ms(long nanos) {
    return nanos == Long.MAX_VALUE ? "lost" : String.format("%.3f", nanos / 1e6);
  }

  /** 172.16.0.0/12 + k + 1: apart from RegisterLoad's 10/8 and fill.py's. */
  static byte[] address(int k) {
    int a = k + 1;
    return new byte[] {(byte) 172, (byte) (16 + ((a >> 16) & 15)), (byte) (a >> 8), (byte) a};
  }

  static String text(byte[] a) {
    return (a[0] & 255) + "." + (a[1] & 255) + "." + (a[2] & 255) + "." + (a[3] & 255);
  }

  static byte[] request(String host, String id, String service, String address) {
    String body = "{\"ID\":\"" + id + "\",\"Name\":\"" + service + "\",\"Address\":\"" + address
        + "\",\"Port\":8080,\"Tags\":[\"bench\"]}";
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    String head = "PUT /v1/agent/service/register HTTP/1.1\r\nHost: " + host + "\r\n"
        + "Content-Type: application/json\r\nContent-Length: " + b.length + "\r\n\r\n";
    byte[] h = head.getBytes(StandardCharsets.US_ASCII);
    byte[] all = Arrays.copyOf(h, h.length + b.length);
    System.arraycopy(b, 0, all, h.length, b.length);
    return all;
  }

  /** One UDP socket to B, one query in flight; a reply with another id (a late one) is skipped. */
  static final class Dns {
    private final DatagramSocket socket;
    private final byte[] reply = new byte[4096];
    private int nextId = 1;
    long timeouts;

    Dns(DatagramSocket socket) throws IOException {
      this.socket = socket;
      socket.setSoTimeout(200);
    }

    /** Whether B's A answer for the name holds the address (one query; a lost one counts as no). */
    boolean answers(String name, byte[] address) throws IOException {
      int id = nextId++ & 0xffff;
      ByteBuffer q = ByteBuffer.allocate(512);
      q.putShort((short) id).putShort((short) 0x0100).putShort((short) 1).putShort((short) 0)
          .putShort((short) 0).putShort((short) 0);
      for (String label : name.split("\\.")) {
        byte[] l = label.getBytes(StandardCharsets.US_ASCII);
        q.put((byte) l.length).put(l);
      }
      q.put((byte) 0).putShort((short) 1).putShort((short) 1);
      socket.send(new DatagramPacket(q.array(), q.position()));
      while (true) {
        DatagramPacket p = new DatagramPacket(reply, reply.length);
        try {
          socket.receive(p);
        } catch (SocketTimeoutException e) {
          timeouts++;
          return false;
        }
        ByteBuffer r = ByteBuffer.wrap(reply, 0, p.getLength());
        if (p.getLength() >= 12 && (r.getShort(0) & 0xffff) == id) {
          return contains(r, address);
        }
      }
    }

    private static boolean contains(ByteBuffer r, byte[] address) {
      int questions = r.getShort(4) & 0xffff;
      int answers = r.getShort(6) & 0xffff;
      r.position(12);
      for (int i = 0; i < questions; i++) {
        skipName(r);
        r.position(r.position() + 4);
      }
      for (int i = 0; i < answers; i++) {
        skipName(r);
        int type = r.getShort() & 0xffff;
        r.position(r.position() + 6); // class, TTL
        int len = r.getShort() & 0xffff;
        if (type == 1 && len == 4) {
          byte[] a = new byte[4];
          r.get(a);
          if (Arrays.equals(a, address)) {
            return true;
          }
        } else {
          r.position(r.position() + len);
        }
      }
      return false;
    }

    private static void skipName(ByteBuffer r) {
      while (true) {
        int len = r.get() & 0xff;
        if (len == 0) {
          return;
        }
        if ((len & 0xc0) == 0xc0) {
          r.get();
          return;
        }
        r.position(r.position() + len);
      }
    }
  }

  /** Reads one response (status line, headers, Content-Length body); returns the status. */
  private static int readResponse(InputStream in) throws IOException {
    String statusLine = line(in);
    if (statusLine == null) {
      throw new IOException("connection closed before a response");
    }
    int status = Integer.parseInt(statusLine.substring(9, 12));
    int length = 0;
    for (String h; (h = line(in)) != null && !h.isEmpty(); ) {
      int colon = h.indexOf(':');
      if (h.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
        length = Integer.parseInt(h.substring(colon + 1).trim());
      }
    }
    in.readNBytes(length);
    return status;
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder(64);
    for (int b; (b = in.read()) != -1; ) {
      if (b == '\n') {
        int len = sb.length();
        return len > 0 && sb.charAt(len - 1) == '\r' ? sb.substring(0, len - 1) : sb.toString();
      }
      sb.append((char) b);
    }
    return sb.length() == 0 ? null : sb.toString();
  }

  private static InetSocketAddress hostPort(String text) {
    int colon = text.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("HOST:PORT expected, got " + text);
    }
    return new InetSocketAddress(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
  }
}
