package dev.signpost.core.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signpost.balance.InstanceStats;
import dev.signpost.core.ServiceDiscovery;
import dev.signpost.core.TimeSource;
import dev.signpost.core.testing.ManualTime;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** One time per registry: the builder's, the health scheduler's or the system's, never two at once. */
class RegistryTimeTest {

  @Test
  void aRegistryOnAManualSchedulerReadsItsTimeEverywhere() {
    ManualScheduler scheduler = new ManualScheduler();
    try (ServiceDiscovery discovery = ServiceDiscovery.builder().healthScheduler(scheduler)
        .probe(new FakeProbe(scheduler)).build()) {
      assertThat(discovery.time()).isSameAs(scheduler.time());

      discovery.stats().recordProbe("web-1", Duration.ofMillis(5), true);
      scheduler.advance(InstanceStats.RECENT_FAILURE);
      assertThat(discovery.stats().failedRecently("web-1")).isTrue();
      scheduler.advance(Duration.ofNanos(1));
      assertThat(discovery.stats().failedRecently("web-1")).as("the strategies' stats on the scheduler's time")
          .isFalse();
    }
  }

  @Test
  void theGivenTimeIsTheRegistrysAndTheSystemsIsTheDefault() {
    ManualTime time = new ManualTime();
    try (ServiceDiscovery fake = ServiceDiscovery.builder().time(time).build();
        ServiceDiscovery plain = ServiceDiscovery.builder().build()) {
      assertThat(fake.time()).isSameAs(time);
      assertThat(plain.time()).isSameAs(TimeSource.system());
    }
  }

  @Test
  void aHealthSchedulerOnAnotherTimeIsRefused() {
    ManualScheduler scheduler = new ManualScheduler();
    ServiceDiscovery.Builder builder = ServiceDiscovery.builder().time(new ManualTime()).healthScheduler(scheduler);

    assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the health scheduler runs on another time than time(...) gives; give it the same one");
  }

  @Test
  void aHealthSchedulerOnTheGivenTimeIsAccepted() {
    ManualTime time = new ManualTime();
    ManualScheduler scheduler = new ManualScheduler(time);
    try (ServiceDiscovery discovery = ServiceDiscovery.builder().time(time).healthScheduler(scheduler)
        .probe(new FakeProbe(scheduler)).build()) {
      assertThat(discovery.time()).isSameAs(time);
    }
  }
}
