package dev.signpost.dns.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signpost.core.Cidr;
import dev.signpost.core.testing.ManualTime;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponseRateLimiterTest {

  private final ManualTime time = new ManualTime(ManualTime.START, 1_000_000_000_000L);

  private ResponseRateLimiter limiter(int perSecond, String... exempt) {
    List<Cidr> ranges = java.util.Arrays.stream(exempt).map(Cidr::parse).toList();
    return new ResponseRateLimiter(new RateLimit(perSecond, 2, ranges), time);
  }

  @Test
  void aNetworkGetsItsRateInABurstThenNothingUntilTimePasses() {
    ResponseRateLimiter limiter = limiter(10);
    assertThat(allowed(limiter, "192.0.2.1", 100)).isEqualTo(10);
    time.advance(Duration.ofMillis(100)); // a tenth of a second: one more answer
    assertThat(allowed(limiter, "192.0.2.1", 100)).isEqualTo(1);
    time.advance(Duration.ofSeconds(5)); // quiet for a while: a full burst again, no more
    assertThat(allowed(limiter, "192.0.2.1", 100)).isEqualTo(10);
  }

  @Test
  void theWholeSlash24SharesOneAllowanceAndOtherNetworksKeepTheirs() {
    ResponseRateLimiter limiter = limiter(10);
    assertThat(allowed(limiter, "192.0.2.1", 6)).isEqualTo(6);
    assertThat(allowed(limiter, "192.0.2.200", 10)).isEqualTo(4);
    assertThat(allowed(limiter, "192.0.3.1", 10)).isEqualTo(10);
    assertThat(allowed(limiter, "198.51.100.7", 10)).isEqualTo(10);
  }

  @Test
  void ipv6NetworksAreSlash56() {
    ResponseRateLimiter limiter = limiter(10);
    assertThat(allowed(limiter, "2001:db8:0:1100::1", 6)).isEqualTo(6);
    assertThat(allowed(limiter, "2001:db8:0:11ff:ffff::9", 10)).isEqualTo(4); // same /56
    assertThat(allowed(limiter, "2001:db8:0:1200::1", 10)).isEqualTo(10); // the next /56
  }

  @Test
  void exemptNetworksAreNeverLimitedAndLoopbackIsNotExemptByDefault() {
    ResponseRateLimiter limiter = limiter(5, "10.1.0.0/16");
    assertThat(allowed(limiter, "10.1.2.3", 1000)).isEqualTo(1000);
    assertThat(allowed(limiter, "127.0.0.1", 1000)).isEqualTo(5);
  }

  @Test
  void aFloodFromManyNetworksNeitherGrowsTheTableNorStarvesAQuietNetwork() {
    ResponseRateLimiter limiter = limiter(10);
    for (int i = 0; i < 200_000; i++) {
      limiter.allow(address("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255)));
    }
    assertThat(allowed(limiter, "203.0.113.9", 10)).isEqualTo(10);
  }

  private static int allowed(ResponseRateLimiter limiter, String client, int tries) {
    InetAddress a = address(client);
    int n = 0;
    for (int i = 0; i < tries; i++) {
      n += limiter.allow(a) ? 1 : 0;
    }
    return n;
  }

  private static InetAddress address(String text) {
    try {
      return InetAddress.getByName(text);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
