package dev.signpost.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signpost.balance.Endpoint;
import dev.signpost.client.micrometer.MicrometerClientMetrics;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Micrometer is optional: a client built, used and closed without a {@code MeterRegistry} never loads a
 * Micrometer class. Runs {@link NoMicrometerScenario} in a class loader holding only the client, the balance
 * module and Jackson (over the JDK), and records every class it was asked for.
 */
class NoMicrometerTest {

  /** A loader of exactly the given locations over the JDK's platform classes, noting each name asked for. */
  static final class Isolated extends URLClassLoader {

    final List<String> asked = new ArrayList<>();

    Isolated(URL[] urls) {
      super("no-micrometer", urls, ClassLoader.getPlatformClassLoader());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      synchronized (asked) {
        asked.add(name);
      }
      return super.loadClass(name, resolve);
    }
  }

  private static URL locationOf(Class<?> type) {
    return type.getProtectionDomain().getCodeSource().getLocation();
  }

  @Test
  void aClientWithoutMetricsNeverLoadsMicrometer() throws Exception {
    URL[] urls = {
        locationOf(SignpostClient.class), locationOf(NoMicrometerScenario.class), locationOf(Endpoint.class),
        locationOf(ObjectMapper.class), locationOf(JsonFactory.class), locationOf(JsonProperty.class)};
    assertThat(locationOf(MicrometerClientMetrics.class)).as("the Micrometer metrics are in the client's classes")
        .isEqualTo(locationOf(SignpostClient.class));
    try (FakeSignpost signpost = new FakeSignpost(); Isolated loader = new Isolated(urls)) {
      signpost.set(2, FakeSignpost.entry("a", 8001));

      Class<?> scenario = loader.loadClass(NoMicrometerScenario.class.getName());
      assertThat(scenario.getClassLoader()).isSameAs(loader);
      Object result = scenario.getMethod("run", String.class).invoke(null, signpost.url());

      assertThat(result).isEqualTo("a,called a");
      assertThat(loader.asked).as("classes the client asked for").contains(SignpostClient.class.getName())
          .noneMatch(name -> name.startsWith("io.micrometer"));
      assertThatMicrometerIsAbsent(loader);
    }
  }

  /** Without this, a loader that could see Micrometer would pass the test above too. */
  private static void assertThatMicrometerIsAbsent(ClassLoader loader) {
    try {
      loader.loadClass("io.micrometer.core.instrument.MeterRegistry");
      throw new AssertionError("the isolated loader sees Micrometer");
    } catch (ClassNotFoundException expected) {
      // as it should be
    }
  }
}
