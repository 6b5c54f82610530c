package dev.signpost.dns.launcher;

import java.util.Locale;
import java.util.logging.Level;

/**
 * How the process logs: {@code --log-format} and {@code --log-level}.
 *
 * @param format one line of text per record, or one JSON object per line
 * @param level the least severe record written, for Signpost's loggers and its libraries' (Netty, gRPC) alike
 */
record LogOptions(Format format, Severity level) {

  static final LogOptions DEFAULTS = new LogOptions(Format.TEXT, Severity.INFO);

  /** {@code --log-format}. */
  enum Format {
    TEXT, JSON;

    static Format parse(String value) {
      return switch (value) {
        case "text" -> TEXT;
        case "json" -> JSON;
        default -> throw new IllegalArgumentException("--log-format must be text or json, got '" + value + "'");
      };
    }
  }

  /**
   * {@code --log-level}, with the {@code java.util.logging} level it stands for ({@code System.Logger}'s
   * {@code DEBUG} is {@code FINE} there, its {@code TRACE} {@code FINER}; slf4j's trace, which Netty and gRPC
   * write through, is {@code FINEST}).
   */
  enum Severity {
    ERROR(Level.SEVERE), WARN(Level.WARNING), INFO(Level.INFO), DEBUG(Level.FINE), TRACE(Level.FINEST);

    private final Level jul;

    Severity(Level jul) {
      this.jul = jul;
    }

    Level jul() {
      return jul;
    }

    /** The name the JSON format writes for a record of {@code level}: the nearest of these at or above it. */
    static String nameOf(Level level) {
      int value = level.intValue();
      for (Severity s : values()) {
        if (value >= s.jul.intValue()) {
          return s.name();
        }
      }
      return TRACE.name();
    }

    static Severity parse(String value) {
      for (Severity s : values()) {
        if (s.name().toLowerCase(Locale.ROOT).equals(value)) {
          return s;
        }
      }
      throw new IllegalArgumentException("--log-level must be error, warn, info, debug or trace, got '" + value + "'");
    }
  }
}
