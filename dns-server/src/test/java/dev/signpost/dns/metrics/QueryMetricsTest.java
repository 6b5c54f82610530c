package dev.signpost.dns.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signpost.dns.chain.Transport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

class QueryMetricsTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final QueryMetrics metrics = new QueryMetrics(registry);

  private double count(String type, String rcode, String transport) {
    Counter c = registry.find("signpost.dns.queries").tags("type", type, "rcode", rcode, "transport", transport)
        .counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void eachCombinationOfTypeRcodeAndTransportCountsOnItsOwn() {
    metrics.record(Type.A, Rcode.NOERROR, Transport.UDP, 1000);
    metrics.record(Type.A, Rcode.NOERROR, Transport.UDP, 1000);
    metrics.record(Type.A, Rcode.NOERROR, Transport.TCP, 1000);
    metrics.record(Type.SRV, Rcode.NXDOMAIN, Transport.UDP, 1000);

    assertThat(count("A", "NOERROR", "udp")).isEqualTo(2);
    assertThat(count("A", "NOERROR", "tcp")).isEqualTo(1);
    assertThat(count("SRV", "NXDOMAIN", "udp")).isEqualTo(1);
    assertThat(count("SRV", "NOERROR", "udp")).isZero();
    assertThat(registry.find("signpost.dns.query").functionTimer().count()).isEqualTo(4);
  }

  @Test
  void timesAddUpAndTheMaximumIsTheLongestSinceItWasLastRead() {
    metrics.record(Type.A, Rcode.NOERROR, Transport.UDP, 2_000);
    metrics.record(Type.A, Rcode.NOERROR, Transport.UDP, 7_000);
    metrics.record(Type.A, Rcode.NOERROR, Transport.UDP, 3_000);

    assertThat(registry.find("signpost.dns.query").functionTimer().totalTime(TimeUnit.NANOSECONDS))
        .isEqualTo(12_000);
    TimeGauge max = registry.find("signpost.dns.query.max").timeGauge();
    assertThat(max.value(TimeUnit.NANOSECONDS)).isEqualTo(7_000);
    assertThat(max.value(TimeUnit.NANOSECONDS)).isZero();
    metrics.record(Type.A, Rcode.NOERROR, Transport.UDP, 1_000);
    assertThat(max.value(TimeUnit.NANOSECONDS)).isEqualTo(1_000);
  }

  @Test
  void typesOutsideTheNamedOnesShareOneOtherCounter() {
    metrics.record(99, Rcode.NOERROR, Transport.UDP, 1);
    metrics.record(65000, Rcode.NOERROR, Transport.UDP, 1);
    metrics.record(Type.HINFO, Rcode.NOERROR, Transport.UDP, 1);

    assertThat(count("other", "NOERROR", "udp")).isEqualTo(3);
    assertThat(registry.find("signpost.dns.queries").counters()).hasSize(1);
  }

  @Test
  void extendedAndUnusualResponseCodesAreCountedToo() {
    metrics.record(Type.A, Rcode.BADVERS, Transport.UDP, 1);
    metrics.record(Type.A, 3841, Transport.UDP, 1); // beyond the counters kept in the array
    metrics.record(Type.A, 3841, Transport.UDP, 1);

    assertThat(count("A", Rcode.string(Rcode.BADVERS), "udp")).isEqualTo(1);
    assertThat(count("A", Rcode.string(3841), "udp")).isEqualTo(2);
  }
}
