package dev.signpost.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The version this build was made as: the Maven project version, written into a resource when the build filters
 * it, so it is the same in a test run from the classes and in the shaded jar (whose manifest is the launcher's,
 * not the modules').
 */
public final class SignpostVersion {

  /** What a build whose resource was not filtered (a copy run from an IDE's own output) reports. */
  static final String UNKNOWN = "0.0.0-dev";
  private static final String CURRENT = read();

  private SignpostVersion() {}

  /** The version, such as {@code 0.1.0-SNAPSHOT}. */
  public static String current() {
    return CURRENT;
  }

  private static String read() {
    Properties properties = new Properties();
    try (InputStream in = SignpostVersion.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return UNKNOWN;
      }
      properties.load(in);
    } catch (IOException e) {
      return UNKNOWN;
    }
    String version = properties.getProperty("version", "");
    return version.isBlank() || version.startsWith("${") ? UNKNOWN : version.strip();
  }
}
