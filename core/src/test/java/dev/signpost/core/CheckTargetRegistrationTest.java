package dev.signpost.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signpost.core.health.CheckTargets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Registration refuses a check to a literal address the policy denies; a host name waits for its probes. */
class CheckTargetRegistrationTest {

  private final ServiceDiscovery discovery = ServiceDiscovery.builder()
      .checkTargets(CheckTargets.of(List.of(), List.of(Cidr.parse("10.9.0.0/16"))))
      .probe(check -> new CompletableFuture<>()).build();

  @AfterEach
  void close() {
    discovery.close();
  }

  private static CheckSpec http(String id, String url) {
    return new CheckSpec(id, "", "", url, "", null, false, "", null, Duration.ofSeconds(10), null, null, 0, 0, 0,
        null);
  }

  private static Instance with(CheckSpec check) {
    return Instance.of("web-1", "web", "10.0.0.1", 80, List.of()).withChecks(List.of(check));
  }

  @Test
  void aServiceWhoseCheckTargetsADeniedLiteralAddressIsRefusedNamingTheCheckAndField() {
    assertThatThrownBy(() -> discovery.register(with(http("meta", "http://169.254.169.254/latest/"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("check 'meta': Check.HTTP: target 169.254.169.254:80 is not allowed for health checks"
            + " (link-local)");
    assertThat(discovery.instances()).isEmpty();
  }

  @Test
  void aCheckAddedLaterIsJudgedTooAndAHostNameIsAccepted() throws Exception {
    discovery.register(with(http("named", "http://health.internal.example/"))).toCompletableFuture()
        .get(10, TimeUnit.SECONDS);

    CheckSpec denied = new CheckSpec("db", "", "", "", "", null, false, "10.9.1.1:5432", null,
        Duration.ofSeconds(10), null, null, 0, 0, 0, null);
    assertThatThrownBy(() -> discovery.addCheck("web-1", denied))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("check 'db': Check.TCP: target 10.9.1.1:5432 is not allowed for health checks"
            + " (in --check-deny 10.9.0.0/16)");
    assertThat(discovery.instance("web-1").orElseThrow().checks()).extracting(CheckSpec::checkId)
        .containsExactly("named");
  }
}
