package dev.signpost.client;

import java.time.Duration;

/**
 * What an application without Micrometer does with a client: build it, pick, call, close. Run by
 * {@link NoMicrometerTest} in a class loader that has no Micrometer, so it names only the client and the JDK.
 */
public final class NoMicrometerScenario {

  private NoMicrometerScenario() {}

  /** The id {@code pick} chose and what {@code call} returned, once the client learned its list. */
  public static String run(String signpostUrl) throws Exception {
    try (SignpostClient client = SignpostClient.builder("web").server(signpostUrl)
        .reporting(10, 1, Duration.ofMillis(10)).build()) {
      if (!client.awaitInstances(Duration.ofSeconds(5))) {
        throw new AssertionError("no list");
      }
      String picked = client.pick().id();
      String called = client.call(i -> "called " + i.id());
      try {
        client.call(i -> {
          throw new StatusException(503);
        });
      } catch (CallException expected) {
        // three attempts, each recorded and reported
      }
      return picked + "," + called;
    }
  }
}
