package dev.signpost.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signpost.balance.Client;
import dev.signpost.balance.InstanceStats;
import dev.signpost.balance.LoadBalancingStrategy;
import dev.signpost.balance.StrategyCatalog;
import dev.signpost.balance.breaker.BreakerSettings;
import dev.signpost.balance.breaker.BreakerState;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Discovers one service through Signpost and calls its instances: a watch keeps the list of passing instances
 * (and of those whose breaker on the server is half-open, for trial calls) current (Consul's blocking queries on
 * the health API, the last good list kept while the server is unreachable, optionally a cache file and a DNS SRV
 * fallback); {@link #pick} orders them with the same strategies and tiers the server's DNS answers use;
 * {@link #call} runs a call with a timeout, tries transient failures again on another instance, skips instances
 * whose circuit breaker is open, and reports every attempt's outcome to the server in batches.
 *
 * <pre>{@code
 * try (SignpostClient payments = SignpostClient.builder("payments").server("http://signpost:8500").build()) {
 *   HttpResponse<String> r = payments.call(i -> http.send(HttpRequest.newBuilder(i.uri("/charge")).build(),
 *       HttpResponse.BodyHandlers.ofString()));
 * }
 * }</pre>
 *
 * <p>Thread-safe: build one per service and share it. It owns daemon threads (the watch, the outcome
 * reports, the call threads), all named {@code signpost-...-<service>}; {@link #close} stops them.
 */
public final class SignpostClient implements AutoCloseable {

  private final String service;
  private final Duration startupWait;
  private final int maxAttempts;
  private final ClientMetrics metrics;
  private final InstanceBook book;
  private final Picker picker;
  private final CallRunner runner;
  private final HealthWatcher watcher;
  private final Optional<OutcomeReporter> reporter;
  private final ExecutorService calls;
  private final ExecutorService httpThreads;
  private final CountDownLatch known = new CountDownLatch(1);
  private volatile View view = new View(List.of(), Source.NONE);
  private volatile boolean closed;

  /** The list in use and where it came from; replaced whole. */
  private record View(List<ServiceInstance> instances, Source source) {}

  private SignpostClient(Builder b) {
    service = b.service;
    startupWait = b.startupWait;
    maxAttempts = b.maxAttempts;
    metrics = b.metrics;
    LongSupplier nanoTime = b.nanoTime;
    Supplier<RandomGenerator> random = b.random != null ? () -> b.random : ThreadLocalRandom::current;
    InstanceStats stats = new InstanceStats(nanoTime);
    LoadBalancingStrategy strategy = new StrategyCatalog(stats, random).get(b.strategy);
    Client self = new Client(b.clientAddress != null ? b.clientAddress : LocalAddress.find(), b.zone);
    book = new InstanceBook(stats, b.breaker, b.trialInterval, nanoTime);
    picker = new Picker(strategy, self, book);
    ObjectMapper mapper = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    Servers servers = new Servers(b.servers);
    httpThreads = pool("signpost-http-" + service);
    HttpClient http = HttpClient.newBuilder().connectTimeout(b.connectTimeout).executor(httpThreads)
        .followRedirects(HttpClient.Redirect.NEVER).build();
    reporter = b.reportOutcomes
        ? Optional.of(new OutcomeReporter(http, servers, b.token.orElse(null), mapper, service, metrics,
            b.reportQueue, b.reportBatch, b.reportInterval, b.requestTimeout))
        : Optional.empty();
    calls = pool("signpost-call-" + service);
    CallRunner.OutcomeSink sink = reporter.isPresent() ? reporter.get() : CallRunner.OutcomeSink.NONE;
    runner = new CallRunner(service, () -> view.instances(), picker, book, sink, metrics,
        new RetryBudget(b.retryRatio, b.retryMinPerSecond, nanoTime), b.retryBackoff, b.callTimeout, calls,
        b.sleeper, random, nanoTime);
    Optional<CacheFile> cache = b.cacheFile.map(p -> new CacheFile(p, mapper, service));
    Optional<SrvResolver> dns = b.dnsServer.map(s -> new SrvResolver(s, b.dnsDomain, service, b.connectTimeout));
    watcher = new HealthWatcher(http, servers, b.token, mapper, service, b.tag, b.watchWait, b.requestTimeout,
        b.maxAnswerBytes, b.watchBackoff, b.minWatchInterval, dns, b.zone.orElse(""), cache, new HealthWatcher.Sink() {
          @Override
          public void update(List<ServiceInstance> instances, Source source) {
            SignpostClient.this.update(instances, source);
          }

          @Override
          public Source source() {
            return SignpostClient.this.source();
          }
        }, metrics, b.sleeper, random, nanoTime);
    cache.flatMap(CacheFile::read).ifPresent(list -> update(list, Source.CACHE));
  }

  /** A builder for a client of {@code service} (its name as registered). */
  public static Builder builder(String service) {
    return new Builder(service);
  }

  private SignpostClient start() {
    reporter.ifPresent(OutcomeReporter::start);
    watcher.start();
    return this;
  }

  /** The watched service. */
  public String service() {
    return service;
  }

  /**
   * The instances in use now, in the server's order: passing ones, and those whose breaker on the server is
   * half-open ({@link ServiceInstance#passing} false), as the server last said.
   */
  public List<ServiceInstance> instances() {
    return view.instances();
  }

  /** Where the list in use came from. */
  public Source source() {
    return view.source();
  }

  /**
   * Waits until the client has a list (from the server, the cache file or DNS), at most {@code timeout}.
   *
   * @return whether it has one
   */
  public boolean awaitInstances(Duration timeout) throws InterruptedException {
    return known.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * The instance a call should go to now: the strategy's first among the instances whose breaker is not open,
   * passing ones in the client's zone first. Before the client learned any list, waits for one up to the
   * startup wait.
   *
   * @throws NoInstanceException when there is none
   */
  public ServiceInstance pick() {
    awaitFirstList();
    return picker.pick(service, view.instances(), Set.of(), 0);
  }

  /** The state of an instance's circuit breaker in this client (closed for an instance never called). */
  public BreakerState breakerState(String instanceId) {
    return book.state(instanceId);
  }

  /**
   * Runs {@code call} against the instance {@link #pick} chooses, trying transient failures again on other
   * instances, at most the configured attempts in all; see {@link Call} for how an attempt is judged.
   *
   * @return what the last attempt returned (for an HTTP call, its response, whatever the status)
   * @throws NoInstanceException when there was no instance to try
   * @throws CallException when the last attempt threw; its cause is what it threw
   */
  public <T> T call(Call<T> call) {
    return call(call, maxAttempts);
  }

  /** {@link #call(Call)} with at most {@code maxAttempts} attempts: 1 for a call that must not be repeated. */
  public <T> T call(Call<T> call, int maxAttempts) {
    Objects.requireNonNull(call, "call");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
    }
    if (closed) {
      throw new IllegalStateException("the Signpost client of service " + service + " is closed");
    }
    awaitFirstList();
    return runner.call(call, maxAttempts);
  }

  /** Stops the watch, sends the outcomes still queued (briefly), and stops every thread of the client. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    watcher.close();
    reporter.ifPresent(OutcomeReporter::close);
    calls.shutdownNow();
    httpThreads.shutdownNow();
  }

  /** The list in use becomes {@code instances}; what the client knew of instances that left is forgotten. */
  private void update(List<ServiceInstance> instances, Source source) {
    View before = view;
    view = new View(List.copyOf(instances), source);
    if (!before.instances().equals(instances) || before.source() != source) {
      Set<String> ids = new HashSet<>();
      instances.forEach(i -> ids.add(i.id()));
      book.retain(ids);
      metrics.instances(service, instances.size(), source);
    }
    known.countDown();
  }

  private void awaitFirstList() {
    if (known.getCount() == 0) {
      return;
    }
    try {
      known.await(startupWait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CallException("interrupted while waiting for the first list of service " + service, e, 0);
    }
  }

  /** An unbounded pool of daemon threads that go after a minute idle: threads only while calls run. */
  private static ExecutorService pool(String name) {
    return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
        new DaemonThreads(name));
  }

  /**
   * Settings of a {@link SignpostClient}; every one has a default, so {@code builder("web").build()} watches
   * {@code web} on a Signpost at {@code http://127.0.0.1:8500}. Setters reject bad values at once, naming them.
   */
  public static final class Builder {

    private final String service;
    private List<URI> servers = List.of(URI.create("http://127.0.0.1:8500"));
    private Optional<String> token = Optional.empty();
    private Optional<String> tag = Optional.empty();
    private String strategy = "round-robin";
    private Optional<String> zone = Optional.empty();
    private InetAddress clientAddress;
    private Duration connectTimeout = Duration.ofSeconds(2);
    private Duration requestTimeout = Duration.ofSeconds(10);
    private long maxAnswerBytes = 64L * 1024 * 1024;
    private Duration watchWait = Duration.ofSeconds(60);
    private Backoff watchBackoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));
    private Duration minWatchInterval = Duration.ofSeconds(1);
    private Optional<Path> cacheFile = Optional.empty();
    private Optional<InetSocketAddress> dnsServer = Optional.empty();
    private String dnsDomain = "service.local";
    private Duration callTimeout = Duration.ofSeconds(5);
    private int maxAttempts = 3;
    private Backoff retryBackoff = new Backoff(Duration.ofMillis(50), Duration.ofSeconds(1));
    private double retryRatio = 0.2;
    private int retryMinPerSecond = 10;
    private BreakerSettings breaker = BreakerSettings.DEFAULTS;
    private Duration trialInterval = Duration.ofSeconds(1);
    private boolean reportOutcomes = true;
    private int reportQueue = 10_000;
    private int reportBatch = 100;
    private Duration reportInterval = Duration.ofSeconds(1);
    private ClientMetrics metrics = ClientMetrics.NONE;
    private Duration startupWait = Duration.ofSeconds(5);
    private Sleeper sleeper = Sleeper.SYSTEM;
    private RandomGenerator random;
    private LongSupplier nanoTime = System::nanoTime;

    private Builder(String service) {
      if (service == null || service.isBlank() || service.chars().anyMatch(c -> c == '/' || c <= ' ')) {
        throw new IllegalArgumentException("service must be a service name, got '" + service + "'");
      }
      this.service = service;
    }

    /** The Signpost server's HTTP API ({@code http://127.0.0.1:8500}); several are tried in turn on failure. */
    public Builder servers(String... urls) {
      if (urls.length == 0) {
        throw new IllegalArgumentException("servers: give at least one URL");
      }
      List<URI> parsed = new ArrayList<>();
      for (String url : urls) {
        try {
          parsed.add(URI.create(Objects.requireNonNull(url, "server URL")));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("server URL '" + url + "' is not a URL: " + e.getMessage(), e);
        }
      }
      servers = List.copyOf(new Servers(parsed).all());
      return this;
    }

    /** One Signpost server: {@link #servers} with one URL. */
    public Builder server(String url) {
      return servers(url);
    }

    /** The ACL token sent as {@code X-Consul-Token} (none by default). */
    public Builder token(String token) {
      this.token = Optional.of(Objects.requireNonNull(token, "token"));
      return this;
    }

    /** Only instances carrying this tag (all by default). */
    public Builder tag(String tag) {
      this.tag = Optional.of(Objects.requireNonNull(tag, "tag"));
      return this;
    }

    /**
     * The load-balancing strategy, by the server's name for it: {@code round-robin} (the default),
     * {@code random}, {@code weighted}, {@code least-connections} (this client's calls in flight),
     * {@code ip-hash} (by the client's address), {@code zone-aware} or {@code latency} (this client's measured
     * call times). An unknown name is refused at {@link #build} with the list of known ones.
     */
    public Builder strategy(String name) {
      this.strategy = Objects.requireNonNull(name, "strategy");
      return this;
    }

    /** The client's zone: instances in it come first (none by default: every instance counts as local). */
    public Builder zone(String zone) {
      this.zone = Optional.of(Objects.requireNonNull(zone, "zone")).filter(z -> !z.isEmpty());
      return this;
    }

    /** The address ip-hash hashes (by default the host's first non-loopback address). */
    public Builder clientAddress(InetAddress address) {
      this.clientAddress = Objects.requireNonNull(address, "clientAddress");
      return this;
    }

    /** How long connecting to the server may take (2 s); also each DNS query's timeout. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive("connectTimeout", timeout);
      return this;
    }

    /** How long a request to the server may take beyond a blocking query's wait (10 s). */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = positive("requestTimeout", timeout);
      return this;
    }

    /** How long the server may hold a blocking query (60 s; Signpost and Consul cap it at 10 min). */
    public Builder watchWait(Duration wait) {
      if (positive("watchWait", wait).compareTo(Duration.ofMinutes(10)) > 0) {
        throw new IllegalArgumentException("watchWait must be at most 10 minutes, got " + wait);
      }
      this.watchWait = wait;
      return this;
    }

    /** The backoff between failed requests to the server: {@code initial} doubling to {@code max} (0.5 s, 30 s). */
    public Builder watchBackoff(Duration initial, Duration max) {
      this.watchBackoff = new Backoff(initial, max);
      return this;
    }

    /**
     * A file that keeps the last list the server gave (none by default): read at start and used until the server
     * or DNS answers, so a client restarted while the server is down still has instances; written atomically.
     */
    public Builder cacheFile(Path file) {
      this.cacheFile = Optional.of(Objects.requireNonNull(file, "cacheFile"));
      return this;
    }

    /**
     * Signpost's DNS server and domain, for when the HTTP API is unreachable (none by default): the client then
     * asks for the SRV records of {@code _<service>._tcp.<domain>}.
     */
    public Builder dns(InetSocketAddress server, String domain) {
      Objects.requireNonNull(server, "dns server");
      if (domain == null || domain.isBlank()) {
        throw new IllegalArgumentException("dns domain must not be empty");
      }
      this.dnsServer = Optional.of(server);
      this.dnsDomain = domain;
      return this;
    }

    /** How long one attempt of a call may take (5 s); then it is interrupted and counts as a transient failure. */
    public Builder callTimeout(Duration timeout) {
      this.callTimeout = positive("callTimeout", timeout);
      return this;
    }

    /** Attempts per call, the first included (3). */
    public Builder maxAttempts(int attempts) {
      if (attempts < 1 || attempts > 100) {
        throw new IllegalArgumentException("maxAttempts must be between 1 and 100, got " + attempts);
      }
      this.maxAttempts = attempts;
      return this;
    }

    /** The backoff between attempts of a call: from {@code initial} doubling to {@code max} (50 ms, 1 s). */
    public Builder retryBackoff(Duration initial, Duration max) {
      this.retryBackoff = new Backoff(initial, max);
      return this;
    }

    /**
     * The retry budget over all calls: in any ten seconds, retries may add {@code ratio} of the calls made plus
     * {@code minPerSecond} a second (0.2 and 10).
     */
    public Builder retryBudget(double ratio, int minPerSecond) {
      new RetryBudget(ratio, minPerSecond, nanoTime); // validates
      this.retryRatio = ratio;
      this.retryMinPerSecond = minPerSecond;
      return this;
    }

    /**
     * When an instance's breaker in this client opens and for how long ({@link BreakerSettings#DEFAULTS}: 5
     * failures in a row, or half of at least 20 calls in 30 s; out for 30 s, doubling up to 5 min; 3 successes
     * to close).
     */
    public Builder breaker(BreakerSettings settings) {
      this.breaker = Objects.requireNonNull(settings, "breaker");
      return this;
    }

    /**
     * The least time between two trial calls to an instance that does not pass (1 s): one whose breaker on the
     * server is half-open (or, from DNS, one in SRV priority 3). Its other calls go to passing instances.
     */
    public Builder trialInterval(Duration interval) {
      this.trialInterval = positive("trialInterval", interval);
      return this;
    }

    /**
     * The longest health answer the client reads (64 MiB: tens of thousands of instances with their checks): a longer
     * one is not held in memory but fails like an unreachable server, and the last good list stays.
     */
    public Builder maxAnswerBytes(long bytes) {
      if (bytes < 1024) {
        throw new IllegalArgumentException("maxAnswerBytes must be at least 1024, got " + bytes);
      }
      this.maxAnswerBytes = bytes;
      return this;
    }

    /** Whether to report each attempt's outcome to the server (on). */
    public Builder reportOutcomes(boolean on) {
      this.reportOutcomes = on;
      return this;
    }

    /** Where the client counts what it does ({@link ClientMetrics#NONE}). */
    public Builder metrics(ClientMetrics metrics) {
      this.metrics = Objects.requireNonNull(metrics, "metrics");
      return this;
    }

    /** How long {@code pick} and {@code call} wait for the first list after start (5 s). */
    public Builder startupWait(Duration wait) {
      if (Objects.requireNonNull(wait, "startupWait").isNegative()) {
        throw new IllegalArgumentException("startupWait must not be negative, got " + wait);
      }
      this.startupWait = wait;
      return this;
    }

    /** Reports queued at most before the oldest are dropped, per request, and how often they go (tests). */
    Builder reporting(int queue, int batch, Duration interval) {
      if (queue < 1 || batch < 1) {
        throw new IllegalArgumentException("report queue and batch must be positive");
      }
      this.reportQueue = queue;
      this.reportBatch = batch;
      this.reportInterval = positive("reportInterval", interval);
      return this;
    }

    /** The least time between two requests that do not block (tests). */
    Builder minWatchInterval(Duration interval) {
      this.minWatchInterval = Objects.requireNonNull(interval, "minWatchInterval");
      return this;
    }

    /** How the client's threads wait between attempts (tests record the waits). */
    Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /** The randomness of jitter and the random strategies (tests seed it; one generator, used under no lock). */
    Builder random(RandomGenerator random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /** The monotonic clock of breakers, latencies and the retry budget (tests move it by hand). */
    Builder nanoTime(LongSupplier nanoTime) {
      this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
      return this;
    }

    /**
     * A started client: the cache file (if any) is read, the watch and the outcome reports run.
     *
     * @throws IllegalArgumentException for an unknown strategy (listing the known ones)
     */
    public SignpostClient build() {
      return new SignpostClient(this).start();
    }

    private static Duration positive(String name, Duration d) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, got " + d);
      }
      return d;
    }
  }
}
