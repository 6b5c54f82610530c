package dev.signpost.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CompactionPolicyTest {

  @Test
  void aSmallRegistryIsCompactedAtTheFixedLimits() {
    CompactionPolicy policy = new CompactionPolicy(100, 10_000, 0, 0, 150);

    assertThat(policy.recordLimit()).isEqualTo(100);
    assertThat(policy.byteLimit()).isEqualTo(10_000);
    appended(policy, 100, 10);
    assertThat(policy.wanted()).isFalse();
    appended(policy, 1, 10);
    assertThat(policy.wanted()).isTrue();
  }

  @Test
  void aLargeRegistryLetsTheJournalGrowToHalfItsSizeInRecordsAndInBytes() {
    CompactionPolicy policy = new CompactionPolicy(100, 10_000, 0, 0, 1_000);

    assertThat(policy.recordLimit()).isEqualTo(500);
    assertThat(policy.byteLimit()).isEqualTo(50_000);
    appended(policy, 500, 10);
    assertThat(policy.wanted()).isFalse();
    appended(policy, 1, 10);
    assertThat(policy.wanted()).isTrue();
  }

  @Test
  void theBytesLimitScalesToo() {
    CompactionPolicy policy = new CompactionPolicy(100, 10_000, 0, 0, 1_000);

    appended(policy, 10, 5_000);
    assertThat(policy.wanted()).isFalse();
    appended(policy, 1, 1);
    assertThat(policy.wanted()).isTrue();
  }

  @Test
  void aRequestedCompactionCountsFromZeroWithLimitsOfTheSnapshotAskedFor() {
    CompactionPolicy policy = new CompactionPolicy(100, 10_000, 150, 1_500, 0);
    assertThat(policy.wanted()).isTrue();

    policy.compactionRequested(4_000);

    assertThat(policy.wanted()).isFalse();
    assertThat(policy.recordLimit()).isEqualTo(2_000);
    policy.compactionRequested(10);
    assertThat(policy.recordLimit()).isEqualTo(100);
    assertThat(policy.byteLimit()).isEqualTo(10_000);
  }

  @Test
  void aJournalRecoveredOverTheLimitOfItsRegistryWantsCompactionAtOnce() {
    assertThat(new CompactionPolicy(100, 10_000, 501, 0, 1_000).wanted()).isTrue();
    assertThat(new CompactionPolicy(100, 10_000, 499, 0, 1_000).wanted()).isFalse();
  }

  @Test
  void hugeLimitsDoNotOverflow() {
    CompactionPolicy policy = new CompactionPolicy(1, Long.MAX_VALUE / 2, 0, 0, 1_000_000);

    assertThat(policy.byteLimit()).isEqualTo(Long.MAX_VALUE);
    appended(policy, 1, Long.MAX_VALUE / 4);
    assertThat(policy.wanted()).isFalse();
  }

  @Test
  void limitsMustBePositive() {
    assertThatThrownBy(() -> new CompactionPolicy(0, 1, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("compaction thresholds must be positive, got 0 records and 1 bytes");
  }

  private static void appended(CompactionPolicy policy, int records, long bytesEach) {
    for (int i = 0; i < records; i++) {
      policy.appended(bytesEach);
    }
  }
}
