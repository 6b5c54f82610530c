import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Soak for Signpost (issue 12: no client can take the server down). Normal clients measure loss and
 * latency while abusive clients run against the same server, all at once:
 *
 * <ul>
 *   <li>normal UDP: A {@code web.<domain>} at {@code --udp-rate} q/s from {@code --client-from} (one query in
 *       flight per DNS id, matched by id so reordering is fine; no answer within {@code --timeout-ms} is lost);
 *   <li>normal TCP: the same at {@code --tcp-rate} q/s pipelined over {@code --tcp-conns} connections that
 *       read their replies;
 *   <li>a UDP flood: AAAA (or {@code --flood-type}) {@code big.<domain>} with EDNS at {@code --flood-rate} q/s
 *       from {@code --flood-from}, another /24; counts answers, TC answers and bytes received / sent;
 *   <li>{@code --nonreaders} TCP connections writing AAAA queries as fast as they can, never reading;
 *   <li>{@code --trickle} TCP connections each sending a 2-byte length prefix, then one byte a second;
 *   <li>{@code --idle-http} connections to the HTTP API that send nothing.
 * </ul>
 *
 * Abusers reconnect {@code --reconnect-ms} after the server closes them, and count those closes. Phases:
 * warm-up and quiet (normal clients only), abuse (everything), after (normal clients only, recovery). With
 * {@code --pid} it samples the server's VmRSS every second, and stops early if the server dies. Per phase it
 * also reports the server's CPU and its own, and the datagrams the kernel dropped for a full receive buffer
 * on the server's DNS sockets, the normal client's and the flood's (the drops column of /proc/net/udp), to
 * tell the server's losses from the load generator's.
 *
 * <p>JDK only, one file: {@code java bench/Soak.java --dns HOST:PORT --http HOST:PORT [options]}
 *
 * <pre>
 *   --pid PID                 the server's process id (memory, CPU, liveness)
 *   --warmup S --quiet S --duration S --after S    phase lengths in seconds (5, 15, 60, 5)
 *   --udp-rate Q (2000)  --udp-sources K (1: from --client-from; K &gt; 1 adds 127.1.k.1, k = 1..K-1)
 *   --tcp-rate Q (1000)  --tcp-conns C (1)  --timeout-ms T (1000)
 *   --flood-rate Q (20000)  --flood-type AAAA|A (AAAA)  --flood-from ADDR (127.0.2.1)
 *   --client-from ADDR (127.0.0.1)  --abuse-from ADDR (127.0.3.1: non-readers, tricklers, idle HTTP)
 *   --nonreaders N (1)  --trickle N (500)  --idle-http N (1000)  --reconnect-ms R (200)
 *   --big N (40 instances of big, 2001:db8::N)  --web N (3 instances of web, 192.0.2.N)  --domain D (service.local)
 *   --no-setup                do not register the services (they are already there)
 *   --progress S (5)          a progress line every S seconds (0: none)
 * </pre>
 */
public final class Soak {

  static final String[] PHASES = {"warm-up", "quiet", "abuse", "after"};
  static final int WARMUP = 0, QUIET = 1, ABUSE = 2, AFTER = 3;
  static final int A = 1, AAAA = 28;

  static volatile int phase = WARMUP;
  static volatile boolean stopNormal;
  static volatile boolean stopAbuse;
  static volatile long hardDeadline = Long.MAX_VALUE;

  // Options.
  static InetSocketAddress dns;
  static InetSocketAddress http;
  static long pid;
  static int[] phaseSeconds = {5, 15, 60, 5};
  static int udpRate = 2000, udpSources = 1, tcpRate = 1000, tcpConns = 1, timeoutMs = 1000;
  static int floodRate = 20000, floodType = AAAA;
  static InetAddress floodFrom, clientFrom, abuseFrom;
  static int nonreaders = 1, trickle = 500, idleHttp = 1000, reconnectMs = 200;
  static int big = 40, web = 3, progress = 5;
  static String domain = "service.local";
  static boolean setup = true;

  /** Local ports of the normal UDP client's sockets and of the flood's, for their drop counts. */
  static final java.util.Set<Integer> normalPorts = java.util.concurrent.ConcurrentHashMap.newKeySet();
  static volatile int floodPort = -1;

  public static void main(String[] args) throws Exception {
    System.setProperty("jdk.httpclient.keepalive.timeout", "1");
    floodFrom = InetAddress.getByName("127.0.2.1");
    clientFrom = InetAddress.getByName("127.0.0.1");
    abuseFrom = InetAddress.getByName("127.0.3.1");
    for (int a = 0; a < args.length; a++) {
      String o = args[a];
      if (o.equals("--no-setup")) {
        setup = false;
        continue;
      }
      if (a + 1 >= args.length) {
        usage("missing value for " + o);
      }
      String v = args[++a];
      switch (o) {
        case "--dns" -> dns = hostPort(v);
        case "--http" -> http = hostPort(v);
        case "--pid" -> pid = Long.parseLong(v);
        case "--warmup" -> phaseSeconds[WARMUP] = Integer.parseInt(v);
        case "--quiet" -> phaseSeconds[QUIET] = Integer.parseInt(v);
        case "--duration" -> phaseSeconds[ABUSE] = Integer.parseInt(v);
        case "--after" -> phaseSeconds[AFTER] = Integer.parseInt(v);
        case "--udp-rate" -> udpRate = Integer.parseInt(v);
        case "--udp-sources" -> udpSources = Math.max(1, Integer.parseInt(v));
        case "--tcp-rate" -> tcpRate = Integer.parseInt(v);
        case "--tcp-conns" -> tcpConns = Math.max(1, Integer.parseInt(v));
        case "--timeout-ms" -> timeoutMs = Integer.parseInt(v);
        case "--flood-rate" -> floodRate = Integer.parseInt(v);
        case "--flood-type" -> floodType = v.equalsIgnoreCase("A") ? A : AAAA;
        case "--flood-from" -> floodFrom = InetAddress.getByName(v);
        case "--client-from" -> clientFrom = InetAddress.getByName(v);
        case "--abuse-from" -> abuseFrom = InetAddress.getByName(v);
        case "--nonreaders" -> nonreaders = Integer.parseInt(v);
        case "--trickle" -> trickle = Integer.parseInt(v);
        case "--idle-http" -> idleHttp = Integer.parseInt(v);
        case "--reconnect-ms" -> reconnectMs = Integer.parseInt(v);
        case "--big" -> big = Integer.parseInt(v);
        case "--web" -> web = Integer.parseInt(v);
        case "--domain" -> domain = v;
        case "--progress" -> progress = Integer.parseInt(v);
        default -> usage("unknown option " + o);
      }
    }
    if (dns == null || http == null) {
      usage("--dns and --http are required");
    }
    int total = Arrays.stream(phaseSeconds).sum();
    hardDeadline = System.nanoTime() + (total + 60) * 1_000_000_000L;

    if (setup) {
      register();
    }
    checkAnswers();

    Memory memory = new Memory();
    Tracker udp = new Tracker("udp");
    Tracker tcp = new Tracker("tcp");
    NormalUdp normalUdp = udpRate > 0 ? new NormalUdp(udp) : null;
    NormalTcp normalTcp = tcpRate > 0 ? new NormalTcp(tcp) : null;
    Thread sweeper = daemon("sweeper", () -> {
      while (!(stopNormal && udp.settled() && tcp.settled()) && System.nanoTime() < hardDeadline) {
        long now = System.nanoTime();
        udp.sweep(now, stopNormal);
        tcp.sweep(now, stopNormal);
        LockSupport.parkNanos(5_000_000);
      }
    });
    System.out.printf("normal clients: UDP %d q/s from %s%s, TCP %d q/s over %d connection(s); timeout %d ms%n",
        udpRate, clientFrom.getHostAddress(), udpSources > 1 ? " and " + (udpSources - 1) + " more /24s" : "",
        tcpRate, tcpConns, timeoutMs);
    System.out.printf("abuse: UDP flood %d q/s of %s big.%s from %s; %d non-reading TCP, %d trickling TCP,"
        + " %d idle HTTP connections from %s%n", floodRate, floodType == AAAA ? "AAAA" : "A", domain,
        floodFrom.getHostAddress(), nonreaders, trickle, idleHttp, abuseFrom.getHostAddress());
    System.out.printf("phases: warm-up %d s, quiet %d s, abuse %d s, after %d s%n", phaseSeconds[WARMUP],
        phaseSeconds[QUIET], phaseSeconds[ABUSE], phaseSeconds[AFTER]);

    Flood flood = floodRate > 0 ? new Flood() : null;
    List<NonReader> nonReaders = new ArrayList<>();
    for (int i = 0; i < nonreaders; i++) {
      nonReaders.add(new NonReader(i));
    }
    Slow slow = new Slow();

    boolean abuseStarted = false;
    long nextProgress = progress;
    long runStart = System.nanoTime();
    if (normalUdp != null) {
      normalUdp.start();
    }
    if (normalTcp != null) {
      normalTcp.start();
    }
    for (int p = WARMUP; p <= AFTER && !memory.dead; p++) {
      phase = p;
      memory.startPhase(p);
      if (p == ABUSE && phaseSeconds[ABUSE] > 0) {
        abuseStarted = true;
        if (flood != null) {
          flood.start();
        }
        nonReaders.forEach(NonReader::start);
        slow.start();
      }
      long phaseStart = System.nanoTime();
      long end = phaseStart + phaseSeconds[p] * 1_000_000_000L;
      for (int s = 1; System.nanoTime() < end && !memory.dead; s++) {
        LockSupport.parkNanos(Math.max(0, Math.min(end, phaseStart + s * 1_000_000_000L) - System.nanoTime()));
        memory.sample();
        long elapsed = Math.round((System.nanoTime() - runStart) / 1e9);
        if (progress > 0 && (elapsed >= nextProgress || memory.dead)) {
          nextProgress = elapsed + progress;
          progressLine(runStart, memory, udp, tcp, flood, nonReaders, slow);
        }
      }
      memory.endPhase(p);
      if (abuseStarted && !stopAbuse) {
        stopAbuse = true;
        if (flood != null) {
          flood.join();
        }
        for (NonReader n : nonReaders) {
          n.join();
        }
        slow.join();
      }
    }
    stopNormal = true;
    if (normalUdp != null) {
      normalUdp.join();
    }
    if (normalTcp != null) {
      normalTcp.join();
    }
    sweeper.join(timeoutMs + 5_000L);

    report(memory, udp, tcp, flood, nonReaders, slow);
    System.exit(memory.dead ? 3 : 0);
  }

  // ---------------------------------------------------------------- setup

  static void register() throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    for (int i = 1; i <= big + web; i++) {
      boolean isBig = i <= big;
      int n = isBig ? i : i - big;
      String body = "{\"ID\":\"" + (isBig ? "big-" : "web-") + n + "\",\"Name\":\"" + (isBig ? "big" : "web")
          + "\",\"Address\":\"" + (isBig ? "2001:db8::" + Integer.toHexString(n) : "192.0.2." + n)
          + "\",\"Port\":8080}";
      HttpRequest req = HttpRequest.newBuilder(URI.create("http://" + http.getHostString() + ":" + http.getPort()
              + "/v1/agent/service/register"))
          .timeout(Duration.ofSeconds(10)).PUT(HttpRequest.BodyPublishers.ofString(body)).build();
      HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IOException("register " + body + ": HTTP " + r.statusCode() + " " + r.body());
      }
    }
    System.out.printf("setup: registered %d instances of big (IPv6) and %d of web (IPv4)%n", big, web);
  }

  /** Asks what the clients will ask, once, and says how big the answers are. */
  static void checkAnswers() throws IOException {
    check("big." + domain, floodType);
    check("web." + domain, A);
  }

  static void check(String name, int type) throws IOException {
    byte[] q = query(4242, name, type, 4096);
    try (java.net.DatagramSocket s = new java.net.DatagramSocket(new InetSocketAddress(clientFrom, 0))) {
      s.setSoTimeout(2000);
      s.send(new java.net.DatagramPacket(q, q.length, dns));
      java.net.DatagramPacket p = new java.net.DatagramPacket(new byte[65535], 65535);
      s.receive(p);
      ByteBuffer r = ByteBuffer.wrap(p.getData(), 0, p.getLength());
      System.out.printf("check: %s %s over UDP (EDNS 4096): %d answers, %d bytes for a %d-byte query%s%s%n",
          type == AAAA ? "AAAA" : "A", name, r.getShort(6) & 0xffff, p.getLength(), q.length,
          (r.getShort(2) & 0x0200) != 0 ? ", TC set" : "",
          (r.getShort(2) & 0xf) != 0 ? ", rcode " + (r.getShort(2) & 0xf) : "");
    } catch (java.net.SocketTimeoutException e) {
      System.out.printf("check: %s %s over UDP: no answer in 2 s%n", type == AAAA ? "AAAA" : "A", name);
    }
  }

  /** A query with RD, and an OPT record when ednsPayload &gt; 0. */
  static byte[] query(int id, String name, int type, int ednsPayload) {
    ByteBuffer q = ByteBuffer.allocate(512);
    q.putShort((short) id).putShort((short) 0x0100).putShort((short) 1).putShort((short) 0)
        .putShort((short) 0).putShort((short) (ednsPayload > 0 ? 1 : 0));
    for (String label : name.split("\\.")) {
      byte[] l = label.getBytes(StandardCharsets.US_ASCII);
      q.put((byte) l.length).put(l);
    }
    q.put((byte) 0).putShort((short) type).putShort((short) 1);
    if (ednsPayload > 0) {
      q.put((byte) 0).putShort((short) 41).putShort((short) ednsPayload).putInt(0).putShort((short) 0);
    }
    return Arrays.copyOf(q.array(), q.position());
  }

  // ---------------------------------------------------------------- normal clients

  /**
   * Queries in flight by DNS id (16 bits, so one sender must not have more than 65,536 in flight), with
   * counts and latencies by the phase a query was sent in. One sender thread; any number of receivers.
   */
  static final class Tracker {
    final String name;
    final long timeout = timeoutMs * 1_000_000L;
    final AtomicLongArray sentAt = new AtomicLongArray(65536);
    final int[] phaseOf = new int[65536];
    final LongAdder[] sent = adders(), ok = adders(), tc = adders(), bad = adders(), lost = adders(),
        late = adders(), behind = adders();
    final LongList[] latency = {new LongList(), new LongList(), new LongList(), new LongList()};
    final LongList window = new LongList(); // latencies since the last progress line
    long seq; // the sender's
    volatile long published; // sequence numbers below this have been marked sent
    volatile long tail; // the sweeper's

    Tracker(String name) {
      this.name = name;
    }

    /** The id for the next query; marks it sent now. Called by the one sender, just before it sends. */
    int next(long now) {
      int id = (int) (seq & 0xffff);
      long old = sentAt.get(id);
      if (old != 0 && sentAt.compareAndSet(id, old, 0)) {
        lost[phaseOf[id]].increment(); // 65,536 in flight: cannot happen at these rates and timeouts
      }
      int p = phase;
      phaseOf[id] = p;
      sentAt.set(id, now);
      sent[p].increment();
      seq++;
      published = seq;
      return id;
    }

    void answer(ByteBuffer reply, long now) {
      if (reply.remaining() < 12) {
        return;
      }
      int at = reply.position();
      int id = reply.getShort(at) & 0xffff;
      long t0 = sentAt.get(id);
      if (t0 == 0 || !sentAt.compareAndSet(id, t0, 0)) {
        late[phaseOf[id]].increment();
        return;
      }
      int p = phaseOf[id];
      int flags = reply.getShort(at + 2) & 0xffff;
      int answers = reply.getShort(at + 6) & 0xffff;
      if ((flags & 0x0200) != 0) {
        tc[p].increment();
      } else if ((flags & 0x8000) == 0 || (flags & 0xf) != 0 || answers == 0) {
        bad[p].increment();
      } else {
        ok[p].increment();
        synchronized (latency[p]) {
          latency[p].add(now - t0);
        }
        synchronized (window) {
          window.add(now - t0);
        }
      }
    }

    /** Counts queries older than the timeout as lost; with all, those still in flight too once timed out. */
    void sweep(long now, boolean all) {
      long head = published;
      while (tail < head) {
        int id = (int) (tail & 0xffff);
        long t0 = sentAt.get(id);
        if (t0 != 0) {
          if (now - t0 < timeout) {
            break;
          }
          if (sentAt.compareAndSet(id, t0, 0)) {
            lost[phaseOf[id]].increment();
          }
        }
        tail++;
      }
    }

    boolean settled() {
      return tail >= published;
    }

    long answered(int p) {
      return ok[p].sum() + tc[p].sum() + bad[p].sum();
    }
  }

  /** Paces a sender: waits for the next slot; after falling more than a second behind, skips ahead. */
  static final class Pacer {
    final long interval;
    long next;
    final Tracker tracker;

    Pacer(int rate, Tracker tracker) {
      this.interval = 1_000_000_000L / rate;
      this.next = System.nanoTime();
      this.tracker = tracker;
    }

    /** False when it is time to stop. */
    boolean await() {
      while (true) {
        if (stopNormal || System.nanoTime() > hardDeadline) {
          return false;
        }
        long now = System.nanoTime();
        if (now >= next) {
          if (now - next > 1_000_000_000L) {
            long missed = (now - next) / interval;
            tracker.behind[phase].add(missed);
            next += missed * interval;
          }
          next += interval;
          return true;
        }
        LockSupport.parkNanos(next - now);
      }
    }
  }

  static final class NormalUdp {
    final Tracker tracker;
    final DatagramChannel[] channels;
    final Selector selector;
    Thread sender;
    Thread receiver;
    final LongAdder errors = new LongAdder();

    NormalUdp(Tracker tracker) throws IOException {
      this.tracker = tracker;
      channels = new DatagramChannel[udpSources];
      selector = Selector.open();
      for (int k = 0; k < udpSources; k++) {
        InetAddress from = k == 0 ? clientFrom : InetAddress.getByName("127.1." + k + ".1");
        DatagramChannel ch = DatagramChannel.open();
        ch.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
        ch.bind(new InetSocketAddress(from, 0)).connect(dns);
        ch.configureBlocking(false);
        ch.register(selector, SelectionKey.OP_READ);
        channels[k] = ch;
        normalPorts.add(((InetSocketAddress) ch.getLocalAddress()).getPort());
      }
    }

    void start() {
      byte[] template = query(0, "web." + domain, A, 1232);
      sender = daemon("normal-udp-send", () -> {
        ByteBuffer b = ByteBuffer.wrap(template.clone());
        Pacer pacer = new Pacer(udpRate, tracker);
        int k = 0;
        while (true) {
          if (!pacer.await()) {
            break;
          }
          int id = tracker.next(System.nanoTime());
          b.putShort(0, (short) id).clear();
          try {
            channels[k].write(b);
          } catch (IOException e) {
            errors.increment();
          }
          k = (k + 1) % channels.length;
        }
      });
      receiver = daemon("normal-udp-receive", () -> {
        ByteBuffer r = ByteBuffer.allocate(65535);
        while (!(stopNormal && tracker.settled()) && System.nanoTime() < hardDeadline) {
          try {
            selector.select(50);
            for (SelectionKey key : selector.selectedKeys()) {
              DatagramChannel ch = (DatagramChannel) key.channel();
              while (true) {
                r.clear();
                int n;
                try {
                  n = ch.read(r);
                } catch (PortUnreachableException e) {
                  errors.increment();
                  continue;
                }
                if (n <= 0) {
                  break;
                }
                r.flip();
                tracker.answer(r, System.nanoTime());
              }
            }
            selector.selectedKeys().clear();
          } catch (IOException e) {
            errors.increment();
          }
        }
      });
    }

    void join() throws InterruptedException {
      sender.join();
      receiver.join(timeoutMs + 5_000L);
      for (DatagramChannel ch : channels) {
        try {
          ch.close();
        } catch (IOException ignored) {
          // closing
        }
      }
    }
  }

  static final class NormalTcp {
    final Tracker tracker;
    final SocketChannel[] conns;
    final List<Thread> readers = new ArrayList<>();
    Thread sender;
    final LongAdder reconnects = new LongAdder(), closedByServer = new LongAdder(), errors = new LongAdder();

    NormalTcp(Tracker tracker) {
      this.tracker = tracker;
      this.conns = new SocketChannel[tcpConns];
    }

    SocketChannel open(int i) {
      try {
        SocketChannel ch = SocketChannel.open();
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        ch.bind(new InetSocketAddress(clientFrom, 0));
        ch.socket().connect(dns, 1000);
        Thread reader = daemon("normal-tcp-read-" + i, () -> read(ch));
        synchronized (readers) {
          readers.add(reader);
        }
        return ch;
      } catch (IOException e) {
        errors.increment();
        return null;
      }
    }

    void read(SocketChannel ch) {
      ByteBuffer head = ByteBuffer.allocate(2);
      ByteBuffer body = ByteBuffer.allocate(65535);
      try {
        while (!(stopNormal && tracker.settled()) && System.nanoTime() < hardDeadline) {
          head.clear();
          fill(ch, head);
          body.clear().limit(head.getShort(0) & 0xffff);
          fill(ch, body);
          body.flip();
          tracker.answer(body, System.nanoTime());
        }
      } catch (IOException e) {
        if (!stopNormal && ch.isOpen()) {
          closedByServer.increment();
        }
      } finally {
        try {
          ch.close();
        } catch (IOException ignored) {
          // closing
        }
      }
    }

    void start() {
      byte[] q = query(0, "web." + domain, A, 1232);
      sender = daemon("normal-tcp-send", () -> {
        ByteBuffer frame = ByteBuffer.allocate(q.length + 2).putShort((short) q.length).put(q);
        Pacer pacer = new Pacer(tcpRate, tracker);
        for (int i = 0; i < conns.length; i++) {
          conns[i] = open(i);
        }
        int k = 0;
        while (true) {
          if (!pacer.await()) {
            break;
          }
          if (conns[k] == null || !conns[k].isOpen()) {
            reconnects.increment();
            conns[k] = open(k);
          }
          int id = tracker.next(System.nanoTime());
          if (conns[k] == null) {
            k = (k + 1) % conns.length;
            continue; // counted sent; the sweeper counts it lost
          }
          frame.putShort(2, (short) id).clear();
          try {
            while (frame.hasRemaining()) {
              conns[k].write(frame);
            }
          } catch (IOException e) {
            errors.increment();
            try {
              conns[k].close();
            } catch (IOException ignored) {
              // closing
            }
          }
          k = (k + 1) % conns.length;
        }
      });
    }

    void join() throws InterruptedException {
      sender.join();
      List<Thread> all;
      synchronized (readers) {
        all = new ArrayList<>(readers);
      }
      long until = System.nanoTime() + (timeoutMs + 1_000L) * 1_000_000L;
      for (Thread t : all) {
        t.join(Math.max(1, (until - System.nanoTime()) / 1_000_000));
      }
      for (SocketChannel ch : conns) {
        if (ch != null) {
          try {
            ch.close();
          } catch (IOException ignored) {
            // closing
          }
        }
      }
    }
  }

  static void fill(SocketChannel ch, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      if (ch.read(b) < 0) {
        throw new EOFException();
      }
    }
  }

  // ---------------------------------------------------------------- abusers

  static final class Flood {
    final LongAdder sent = new LongAdder(), answers = new LongAdder(), truncated = new LongAdder(),
        bytesSent = new LongAdder(), bytesReceived = new LongAdder(), errors = new LongAdder();
    DatagramChannel ch;
    Thread sender;
    Thread receiver;
    long started;
    volatile long stopped;

    void start() throws IOException {
      ch = DatagramChannel.open();
      ch.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
      ch.bind(new InetSocketAddress(floodFrom, 0)).connect(dns);
      floodPort = ((InetSocketAddress) ch.getLocalAddress()).getPort();
      byte[] template = query(0, "big." + domain, floodType, 4096);
      started = System.nanoTime();
      sender = daemon("flood-send", () -> {
        ByteBuffer b = ByteBuffer.wrap(template.clone());
        long done = 0;
        while (!stopAbuse && System.nanoTime() < hardDeadline) {
          long now = System.nanoTime();
          long due = (now - started) * floodRate / 1_000_000_000L - done;
          if (due <= 0) {
            LockSupport.parkNanos(Math.max(50_000, 1_000_000_000L / floodRate));
            continue;
          }
          for (long i = 0; i < Math.min(due, 256); i++) {
            b.putShort(0, (short) done).clear();
            try {
              bytesSent.add(ch.write(b));
              sent.increment();
            } catch (IOException e) {
              errors.increment();
            }
            done++;
          }
        }
        stopped = System.nanoTime();
      });
      receiver = daemon("flood-receive", () -> {
        ByteBuffer r = ByteBuffer.allocate(65535);
        while (System.nanoTime() < hardDeadline) {
          r.clear();
          try {
            int n = ch.read(r);
            if (n >= 12) {
              answers.increment();
              bytesReceived.add(n);
              if ((r.getShort(2) & 0x0200) != 0) {
                truncated.increment();
              }
            }
          } catch (PortUnreachableException e) {
            errors.increment();
          } catch (ClosedChannelException e) {
            return;
          } catch (IOException e) {
            errors.increment();
          }
        }
      });
    }

    void join() throws InterruptedException {
      sender.join();
      LockSupport.parkNanos(300_000_000L); // answers still on their way
      try {
        ch.close();
      } catch (IOException ignored) {
        // closing
      }
      receiver.join(5_000);
    }
  }

  /** One TCP connection writing AAAA queries as fast as it can, never reading; reconnects when closed. */
  static final class NonReader {
    final int index;
    Thread thread;
    long bytes, queries, connections, closedByServer, connectFailures;
    long longestStallNanos;
    final LongList closeAfter = new LongList();
    volatile long written;

    NonReader(int index) {
      this.index = index;
    }

    void start() {
      byte[] q = query(0, "big." + domain, floodType, 0);
      int frameLength = q.length + 2;
      int count = Math.max(1, 65536 / frameLength);
      ByteBuffer all = ByteBuffer.allocateDirect(count * frameLength);
      for (int i = 0; i < count; i++) {
        q[0] = (byte) (i >> 8);
        q[1] = (byte) i;
        all.putShort((short) q.length).put(q);
      }
      all.flip();
      thread = daemon("nonreader-" + index, () -> {
        try (Selector selector = Selector.open()) {
          while (!stopAbuse && System.nanoTime() < hardDeadline) {
            SocketChannel ch = null;
            long opened = System.nanoTime();
            try {
              ch = SocketChannel.open();
              ch.bind(new InetSocketAddress(abuseFrom, 0));
              ch.socket().connect(dns, 2000);
              ch.configureBlocking(false);
              SelectionKey key = ch.register(selector, SelectionKey.OP_WRITE);
              connections++;
              all.rewind(); // a new connection starts on a frame boundary
              opened = System.nanoTime();
              long lastProgress = opened;
              while (!stopAbuse && System.nanoTime() < hardDeadline) {
                if (!all.hasRemaining()) {
                  all.rewind();
                }
                int n = ch.write(all);
                long now = System.nanoTime();
                if (n > 0) {
                  bytes += n;
                  written = bytes;
                  longestStallNanos = Math.max(longestStallNanos, now - lastProgress);
                  lastProgress = now;
                } else {
                  selector.select(100);
                  selector.selectedKeys().clear();
                }
              }
              longestStallNanos = Math.max(longestStallNanos, System.nanoTime() - lastProgress);
              key.cancel();
            } catch (IOException e) {
              if (ch != null && ch.isConnected()) {
                closedByServer++;
                closeAfter.add(System.nanoTime() - opened);
              } else {
                connectFailures++;
              }
              LockSupport.parkNanos(reconnectMs * 1_000_000L);
            } finally {
              if (ch != null) {
                try {
                  ch.close();
                } catch (IOException ignored) {
                  // closing
                }
              }
            }
          }
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
        queries = bytes / frameLength;
      });
    }

    void join() throws InterruptedException {
      thread.join(10_000);
    }
  }

  /**
   * The trickling DNS-over-TCP clients and the idle HTTP connections, on one selector thread. A trickler
   * writes a query's 2-byte length prefix at once, then the query one byte a second (and starts the next
   * query a second after the last byte); an idle HTTP connection writes nothing. Both read (and drop)
   * whatever comes, to see the server close them.
   */
  static final class Slow {
    static final int TRICKLE = 0, HTTP = 1;
    final Conn[] conns;
    final byte[] message;
    Thread thread;
    final long[] opened = new long[2], closedByServer = new long[2], connectFailures = new long[2];
    final LongList[] closeAfter = {new LongList(), new LongList()};
    volatile int openTrickle, openHttp, closedTrickle, closedHttp;
    int pendingAtEnd;

    static final class Conn {
      final int kind;
      SocketChannel ch;
      boolean connected;
      long connectStarted, since, nextAt, retryAt;
      int pos;

      Conn(int kind) {
        this.kind = kind;
      }
    }

    Slow() {
      byte[] q = query(0x5150, "big." + domain, floodType, 0);
      message = ByteBuffer.allocate(q.length + 2).putShort((short) q.length).put(q).array();
      conns = new Conn[trickle + idleHttp];
      for (int i = 0; i < conns.length; i++) {
        conns[i] = new Conn(i < trickle ? TRICKLE : HTTP);
      }
    }

    void start() {
      thread = daemon("slow-clients", this::run);
    }

    void run() {
      try (Selector selector = Selector.open()) {
        ByteBuffer sink = ByteBuffer.allocate(16384);
        ByteBuffer one = ByteBuffer.allocate(2);
        long now = System.nanoTime();
        for (Conn c : conns) {
          open(selector, c, now);
        }
        long lastTick = 0;
        while (!stopAbuse && System.nanoTime() < hardDeadline) {
          selector.select(20);
          now = System.nanoTime();
          for (SelectionKey key : selector.selectedKeys()) {
            Conn c = (Conn) key.attachment();
            try {
              if (key.isConnectable()) {
                if (c.ch.finishConnect()) {
                  connected(key, c, now, one);
                }
              } else if (key.isReadable()) {
                sink.clear();
                if (c.ch.read(sink) < 0) {
                  closed(c, now);
                }
              }
            } catch (IOException | java.nio.channels.CancelledKeyException e) {
              if (c.connected) {
                closed(c, now);
              } else {
                connectFailures[c.kind]++;
                drop(c, now);
              }
            }
          }
          selector.selectedKeys().clear();
          if (now - lastTick >= 10_000_000L) {
            lastTick = now;
            for (Conn c : conns) {
              if (c.ch == null) {
                if (now >= c.retryAt) {
                  open(selector, c, now);
                }
              } else if (c.connected && c.kind == TRICKLE && now >= c.nextAt) {
                try {
                  if (c.pos == 0) {
                    one.clear().put(message, 0, 2).flip();
                    c.pos = 2;
                  } else {
                    one.clear().put(message[c.pos++]).flip();
                  }
                  c.ch.write(one);
                  if (c.pos == message.length) {
                    c.pos = 0;
                  }
                  c.nextAt += 1_000_000_000L;
                } catch (IOException e) {
                  closed(c, now);
                }
              } else if (!c.connected && now - c.connectStarted > 5_000_000_000L) {
                connectFailures[c.kind]++; // not accepted in 5 s
                drop(c, now);
              }
            }
            int ot = 0, oh = 0;
            for (Conn c : conns) {
              if (c.connected) {
                if (c.kind == TRICKLE) {
                  ot++;
                } else {
                  oh++;
                }
              }
            }
            openTrickle = ot;
            openHttp = oh;
          }
        }
        for (Conn c : conns) {
          if (c.ch != null && !c.connected) {
            pendingAtEnd++;
          }
          if (c.ch != null) {
            try {
              c.ch.close();
            } catch (IOException ignored) {
              // closing
            }
          }
        }
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }

    void open(Selector selector, Conn c, long now) {
      c.connected = false;
      c.connectStarted = now;
      try {
        SocketChannel ch = SocketChannel.open();
        c.ch = ch;
        ch.configureBlocking(false);
        ch.bind(new InetSocketAddress(abuseFrom, 0));
        SelectionKey key = ch.register(selector, SelectionKey.OP_CONNECT, c);
        if (ch.connect(c.kind == TRICKLE ? dns : http)) {
          connected(key, c, now, ByteBuffer.allocate(2));
        }
      } catch (IOException e) {
        connectFailures[c.kind]++;
        drop(c, now);
      }
    }

    void connected(SelectionKey key, Conn c, long now, ByteBuffer one) throws IOException {
      c.connected = true;
      c.since = now;
      opened[c.kind]++;
      key.interestOps(SelectionKey.OP_READ);
      if (c.kind == TRICKLE) {
        one.clear().put(message, 0, 2).flip();
        c.ch.write(one);
        c.pos = 2;
        c.since = System.nanoTime(); // the first byte
        c.nextAt = c.since + 1_000_000_000L;
      }
    }

    void closed(Conn c, long now) {
      closedByServer[c.kind]++;
      closeAfter[c.kind].add(now - c.since);
      if (c.kind == TRICKLE) {
        closedTrickle++;
      } else {
        closedHttp++;
      }
      drop(c, now);
    }

    void drop(Conn c, long now) {
      if (c.ch != null) {
        try {
          c.ch.close();
        } catch (IOException ignored) {
          // closing
        }
      }
      c.ch = null;
      c.connected = false;
      c.pos = 0;
      c.retryAt = now + reconnectMs * 1_000_000L;
    }

    void join() throws InterruptedException {
      thread.join(10_000);
    }
  }

  // ---------------------------------------------------------------- the server's process

  static final class Memory {
    final long[] peakRss = new long[4];
    final double[] cpu = new double[4];
    final double[] loadCpu = new double[4];
    final long[][] drops = new long[4][];
    final long[] wall = new long[4];
    double cpuAtStart;
    double loadCpuAtStart;
    long[] dropsAtStart;
    long wallAtStart;
    long rss;
    volatile boolean dead;
    long hwm;

    void startPhase(int p) {
      cpuAtStart = cpuSeconds(pid);
      loadCpuAtStart = cpuSeconds(ProcessHandle.current().pid());
      dropsAtStart = udpDrops();
      wallAtStart = System.nanoTime();
      sample();
    }

    void endPhase(int p) {
      cpu[p] = cpuSeconds(pid) - cpuAtStart;
      loadCpu[p] = cpuSeconds(ProcessHandle.current().pid()) - loadCpuAtStart;
      long[] d = udpDrops();
      drops[p] = new long[d.length];
      for (int i = 0; i < d.length; i++) {
        drops[p][i] = d[i] - dropsAtStart[i];
      }
      wall[p] = System.nanoTime() - wallAtStart;
      sample();
      peakRss[p] = Math.max(peakRss[p], rss);
    }

    void sample() {
      if (pid <= 0) {
        return;
      }
      try {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
          if (line.startsWith("VmRSS:")) {
            rss = kib(line);
          } else if (line.startsWith("VmHWM:")) {
            hwm = kib(line);
          } else if (line.startsWith("State:") && line.contains("zombie")) {
            dead = true;
          }
        }
        peakRss[phase] = Math.max(peakRss[phase], rss);
      } catch (IOException e) {
        dead = true;
      }
    }

    static long kib(String line) {
      return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }

    /** A process's user + system CPU seconds so far (clock ticks of 1/100 s). */
    static double cpuSeconds(long pid) {
      if (pid <= 0) {
        return 0;
      }
      try {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
      } catch (IOException | RuntimeException e) {
        return 0;
      }
    }

    /**
     * Datagrams the kernel dropped for a full receive buffer, from the drops column of /proc/net/udp: on
     * the server's DNS sockets, the normal UDP client's and the flood's (in that order).
     */
    static long[] udpDrops() {
      long[] out = new long[3];
      for (String file : new String[] {"/proc/net/udp", "/proc/net/udp6"}) {
        try {
          for (String line : Files.readAllLines(Path.of(file))) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 13 || !f[0].endsWith(":")) {
              continue;
            }
            int port = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16);
            long d = Long.parseLong(f[f.length - 1]);
            if (port == dns.getPort()) {
              out[0] += d;
            } else if (normalPorts.contains(port)) {
              out[1] += d;
            } else if (port == floodPort) {
              out[2] += d;
            }
          }
        } catch (IOException | RuntimeException e) {
          // not Linux
        }
      }
      return out;
    }
  }

  // ---------------------------------------------------------------- output

  static final long[] lastUdp = new long[3], lastTcp = new long[3];
  static long lastFlood;
  static long lastProgressAt;

  static void progressLine(long runStart, Memory memory, Tracker udp, Tracker tcp, Flood flood,
      List<NonReader> nonReaders, Slow slow) {
    long now = System.nanoTime();
    double secs = lastProgressAt == 0 ? progress : (now - lastProgressAt) / 1e9;
    lastProgressAt = now;
    long[] u = totals(udp);
    long[] t = totals(tcp);
    long floodAnswers = flood == null || flood.ch == null ? 0 : flood.answers.sum();
    long written = nonReaders.stream().mapToLong(n -> n.written).sum();
    System.out.printf("t=%3ds %-7s rss %4d MiB | udp sent %5d ok %5d lost %5d p99 %6s ms | tcp sent %5d ok %5d"
            + " lost %5d p99 %6s ms | flood %5.0f answers/s | nonreader %5.1f MiB | trickle %3d open %4d closed"
            + " | http %4d open %4d closed%s%n",
        Math.round((now - runStart) / 1e9), PHASES[phase], memory.rss / 1024,
        u[0] - lastUdp[0], u[1] - lastUdp[1], u[2] - lastUdp[2], p99(udp.window.drain()),
        t[0] - lastTcp[0], t[1] - lastTcp[1], t[2] - lastTcp[2], p99(tcp.window.drain()),
        (floodAnswers - lastFlood) / secs, written / 1048576.0,
        slow.openTrickle, slow.closedTrickle, slow.openHttp, slow.closedHttp,
        memory.dead ? "  SERVER GONE" : "");
    System.arraycopy(u, 0, lastUdp, 0, 3);
    System.arraycopy(t, 0, lastTcp, 0, 3);
    lastFlood = floodAnswers;
  }

  static String p99(long[] sorted) {
    return sorted.length == 0 ? "-" : String.format("%.1f", pct(sorted, 0.99));
  }

  static long[] totals(Tracker t) {
    long sent = 0, ok = 0, lost = 0;
    for (int p = 0; p < 4; p++) {
      sent += t.sent[p].sum();
      ok += t.ok[p].sum();
      lost += t.lost[p].sum();
    }
    return new long[] {sent, ok, lost};
  }

  static void report(Memory memory, Tracker udp, Tracker tcp, Flood flood, List<NonReader> nonReaders,
      Slow slow) {
    System.out.println();
    System.out.println("== normal clients (by the phase a query was sent in; latency of answers with records)");
    System.out.printf("%-7s %-4s %9s %9s %6s %5s %7s %8s %6s %8s %8s %8s%n", "phase", "", "sent", "answered",
        "TC", "bad", "lost", "lost %", "late", "p50 ms", "p99 ms", "max ms");
    double[][] p99 = new double[2][4];
    double[][] lossPct = new double[2][4];
    for (int p = 0; p < 4; p++) {
      if (phaseSeconds[p] == 0) {
        continue;
      }
      int i = 0;
      for (Tracker t : new Tracker[] {udp, tcp}) {
        long sent = t.sent[p].sum();
        if ((t == udp ? udpRate : tcpRate) == 0) {
          i++;
          continue;
        }
        long[] lat = t.latency[p].sorted();
        long lost = t.lost[p].sum();
        lossPct[i][p] = sent == 0 ? 0 : 100.0 * lost / sent;
        p99[i][p] = pct(lat, 0.99);
        System.out.printf("%-7s %-4s %9d %9d %6d %5d %7d %8.3f %6d %8.3f %8.3f %8.3f%s%n", PHASES[p], t.name, sent,
            t.answered(p), t.tc[p].sum(), t.bad[p].sum(), lost, lossPct[i][p], t.late[p].sum(), pct(lat, 0.50),
            p99[i][p], lat.length == 0 ? 0 : lat[lat.length - 1] / 1e6,
            t.behind[p].sum() > 0 ? "  (" + t.behind[p].sum() + " skipped: sender over 1 s behind)" : "");
        i++;
      }
    }
    if (phaseSeconds[QUIET] > 0 && phaseSeconds[ABUSE] > 0) {
      System.out.println("goals (abuse against quiet): p99 within 2x, TCP loss 0 %, UDP loss <= 0.1 %");
      String[] names = {"udp", "tcp"};
      for (int i = 0; i < 2; i++) {
        if ((i == 0 ? udpRate : tcpRate) == 0) {
          continue;
        }
        double ratio = p99[i][QUIET] == 0 ? Double.NaN : p99[i][ABUSE] / p99[i][QUIET];
        boolean lossOk = i == 0 ? lossPct[i][ABUSE] <= 0.1 : lossPct[i][ABUSE] == 0;
        if (Double.isNaN(ratio) || p99[i][ABUSE] == 0) {
          ratio = Double.POSITIVE_INFINITY; // no answers to measure: not met
        }
        System.out.printf("  %s: p99 %.3f -> %.3f ms (%.2fx, %s); loss %.3f %% (%s)%n", names[i], p99[i][QUIET],
            p99[i][ABUSE], ratio, ratio <= 2 ? "met" : "NOT met", lossPct[i][ABUSE], lossOk ? "met" : "NOT met");
      }
    }

    double abuseSecs = Math.max(1e-9, memory.wall[ABUSE] / 1e9);
    if (phaseSeconds[ABUSE] == 0 || slow.thread == null) {
      printServer(memory);
      return;
    }
    System.out.println();
    System.out.printf("== abusers (abuse phase, %.1f s)%n", abuseSecs);
    if (flood != null && flood.ch != null) {
      long sent = flood.sent.sum();
      long answers = flood.answers.sum();
      System.out.printf("UDP flood from %s: sent %d (%.0f/s), answers %d (%.1f %%), TC answers %d,"
              + " bytes received / sent %.2f (%d / %d)%s%n", floodFrom.getHostAddress(), sent,
          sent / Math.max(1e-9, ((flood.stopped == 0 ? System.nanoTime() : flood.stopped) - flood.started) / 1e9),
          answers, sent == 0 ? 0 : 100.0 * answers / sent, flood.truncated.sum(),
          flood.bytesSent.sum() == 0 ? 0 : (double) flood.bytesReceived.sum() / flood.bytesSent.sum(),
          flood.bytesReceived.sum(), flood.bytesSent.sum(),
          flood.errors.sum() > 0 ? ", " + flood.errors.sum() + " socket errors" : "");
    }
    for (NonReader n : nonReaders) {
      long[] after = n.closeAfter.sorted();
      System.out.printf("non-reading TCP #%d: %d connection(s), wrote %.1f MiB (%d queries), longest write stall"
              + " %.1f s, closed by the server %d time(s)%s%s%n", n.index, n.connections, n.bytes / 1048576.0,
          n.queries, n.longestStallNanos / 1e9, n.closedByServer,
          after.length == 0 ? "" : String.format(" after %.1f s median, %.1f s max", pct(after, 0.5) / 1e3,
              after[after.length - 1] / 1e9),
          n.connectFailures > 0 ? ", " + n.connectFailures + " failed connects" : "");
    }
    for (int kind = 0; kind < 2; kind++) {
      int count = kind == Slow.TRICKLE ? trickle : idleHttp;
      if (count == 0) {
        continue;
      }
      long[] after = slow.closeAfter[kind].sorted();
      System.out.printf("%s: %d connections opened, %d closed by the server%s, %d failed or unaccepted connects%n",
          kind == Slow.TRICKLE ? "trickling TCP (" + count + ", 1 byte/s)" : "idle HTTP (" + count + ")",
          slow.opened[kind], slow.closedByServer[kind],
          after.length == 0 ? "" : String.format(" after %.1f s median, %.1f s max (from the %s)",
              pct(after, 0.5) / 1e3, after[after.length - 1] / 1e9,
              kind == Slow.TRICKLE ? "first byte" : "connect"),
          slow.connectFailures[kind]);
    }
    if (slow.pendingAtEnd > 0) {
      System.out.printf("  %d connects still pending at the end%n", slow.pendingAtEnd);
    }

    printServer(memory);
  }

  static void printServer(Memory memory) {
    System.out.println();
    if (pid > 0) {
      System.out.println("== server (pid " + pid + ")" + (memory.dead ? ": EXITED during the run" : ""));
      System.out.printf("%-7s %10s %11s %11s %13s %13s %12s%n", "phase", "peak RSS", "server CPU", "load CPU",
          "server drops", "normal drops", "flood drops");
      for (int p = 0; p < 4; p++) {
        if (phaseSeconds[p] == 0 || memory.wall[p] == 0) {
          continue;
        }
        double secs = memory.wall[p] / 1e9;
        System.out.printf("%-7s %6d MiB %11.2f %11.2f %13d %13d %12d%n", PHASES[p], memory.peakRss[p] / 1024,
            memory.cpu[p] / secs, memory.loadCpu[p] / secs, memory.drops[p][0], memory.drops[p][1],
            memory.drops[p][2]);
      }
      System.out.printf("VmHWM %d MiB. CPU in cores (this load generator's too); drops: datagrams the kernel"
          + " dropped for a full receive buffer on the server's DNS sockets, the normal UDP client's, the"
          + " flood's.%n", memory.hwm / 1024);
    }
  }

  // ---------------------------------------------------------------- small things

  static final class LongList {
    long[] a = new long[1024];
    int n;

    void add(long v) {
      if (n == a.length) {
        a = Arrays.copyOf(a, n * 2);
      }
      a[n++] = v;
    }

    synchronized long[] sorted() {
      long[] s = Arrays.copyOf(a, n);
      Arrays.sort(s);
      return s;
    }

    /** Sorted, and emptied. */
    synchronized long[] drain() {
      long[] s = sorted();
      n = 0;
      return s;
    }
  }

  static LongAdder[] adders() {
    return new LongAdder[] {new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder()};
  }

  /** The p-th percentile of sorted nanoseconds, in milliseconds. */
  static double pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int i = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
    return sorted[Math.max(0, i)] / 1e6;
  }

  static Thread daemon(String name, Runnable r) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  static InetSocketAddress hostPort(String text) {
    int colon = text.lastIndexOf(':');
    return new InetSocketAddress(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
  }

  static void usage(String problem) {
    System.err.println(problem);
    System.err.println("usage: java bench/Soak.java --dns HOST:PORT --http HOST:PORT [--pid PID] [--duration S]"
        + " [--quiet S] ... (see the class comment)");
    System.exit(2);
  }
}
