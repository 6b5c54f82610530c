package dev.signpost.core.storage;

import dev.signpost.core.CheckSpec;
import dev.signpost.core.CheckState;
import dev.signpost.core.InstanceHealth;
import dev.signpost.core.HealthStatus;
import dev.signpost.core.Instance;
import dev.signpost.core.Locality;
import dev.signpost.core.ServiceName;
import dev.signpost.core.Weights;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/** Instances and file helpers shared by the storage tests. */
final class StoreFixtures {

  private StoreFixtures() {}

  /** An instance with every field set away from its default, to prove nothing is dropped on disk. */
  static Instance everyField(String id, long createIndex, long modifyIndex) {
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("zeta", "last letter first");
    meta.put("alpha", "ünïcødé ☃ \"quoted\"\n");
    meta.put("version", "");
    CheckSpec http = new CheckSpec("chk-http", "HTTP API", "checks /health", "https://10.0.0.1:8443/health",
        "POST", Map.of("Authorization", List.of("Bearer x"), "X-Multi", List.of("a", "b")), true, "",
        Duration.ZERO, Duration.ofMillis(1500).plusNanos(7), Duration.ofSeconds(2), HealthStatus.WARNING,
        2, 3, 4, Duration.ofMinutes(90), true);
    CheckSpec tcp = new CheckSpec("", "tcp", "", "", "", null, false, "10.0.0.1:5432", null,
        Duration.ofSeconds(10), null, HealthStatus.PASSING, 0, 0, 0, null);
    CheckSpec ttl = CheckSpec.ttl("chk-ttl", Duration.ofSeconds(30));
    return new Instance(id, ServiceName.of("Web-Api"), "2001:db8::1", 8443, List.of("v2", "Primary", "canary"),
        meta, new Weights(10, 3), new Locality("eu-west", "eu-west-1b"), List.of(http, tcp, ttl),
        new InstanceHealth(Map.of("chk-http", new CheckState(HealthStatus.WARNING,
            "HTTP POST https://10.0.0.1:8443/health: 429 Too Many Requests Output: slow down"),
            "chk-ttl", new CheckState(HealthStatus.PASSING, "heartbeat ✓")), Optional.of("kernel upgrade")),
        createIndex, modifyIndex);
  }

  /** The instance taken out of DNS by maintenance, which is a health change the journal must keep. */
  static Instance inMaintenance(Instance instance) {
    return instance.withHealth(instance.health().withMaintenance(Optional.of("down for repair")));
  }

  static Instance plain(String id, long index) {
    return Instance.of(id, "web", "10.0.0." + (1 + Math.floorMod(id.hashCode(), 250)), 80, List.of())
        .withIndexes(index, index);
  }

  static Change.Put put(long index, String id) {
    return new Change.Put(index, plain(id, index));
  }

  /** Where each record of a journal starts, found by walking the length headers. */
  static List<Long> recordOffsets(Path journal) throws IOException {
    ByteBuffer file = ByteBuffer.wrap(Files.readAllBytes(journal));
    List<Long> offsets = new ArrayList<>();
    while (file.remaining() >= RecordFraming.HEADER_BYTES) {
      int start = file.position();
      int length = file.getInt(start);
      if (length < 0 || start + RecordFraming.HEADER_BYTES + length > file.limit()) {
        break;
      }
      offsets.add((long) start);
      file.position(start + RecordFraming.HEADER_BYTES + length);
    }
    return offsets;
  }

  /** Collects what one class logs through System.Logger, which the JDK routes to java.util.logging. */
  static final class CapturedLog implements AutoCloseable {

    private final Logger logger;
    private final List<String> messages = new ArrayList<>();
    private final Handler handler = new Handler() {
      @Override
      public void publish(LogRecord record) {
        synchronized (messages) {
          messages.add(record.getLevel() + " " + new SimpleFormatter().formatMessage(record));
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };

    private final boolean parents;

    /** Captures {@code source}'s log and keeps it off the console while open. */
    CapturedLog(Class<?> source) {
      logger = Logger.getLogger(source.getName());
      parents = logger.getUseParentHandlers();
      logger.setUseParentHandlers(false);
      logger.addHandler(handler);
    }

    List<String> messages() {
      synchronized (messages) {
        return List.copyOf(messages);
      }
    }

    @Override
    public void close() {
      logger.removeHandler(handler);
      logger.setUseParentHandlers(parents);
    }
  }
}
