package dev.signpost.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signpost.core.AclDirectory;
import dev.signpost.core.Instance;
import dev.signpost.core.ServiceDiscovery;
import dev.signpost.core.acl.AclIds;
import dev.signpost.core.acl.AclPolicy;
import dev.signpost.core.acl.AclToken;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ACL tokens and policies are kept with the registry: journaled, compacted, replayed; secrets only as hashes. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AclStorageTest {

  @TempDir
  Path dir;

  @ParameterizedTest(name = "compacting every {0} records")
  @ValueSource(longs = {CompactionPolicy.DEFAULT_MAX_RECORDS, 2})
  void tokensAndPoliciesSurviveARestartAndNoSecretIsOnDisk(long compactEvery) throws Exception {
    String secret = AclIds.random();
    AclToken writer;
    AclPolicy web;
    try (ServiceDiscovery sd = open(compactEvery)) {
      AclDirectory acl = sd.acl();
      web = join(acl.putPolicy(policy("web-writers", "service_prefix \"web-\" { policy = \"write\" }")));
      AclPolicy gone = join(acl.putPolicy(policy("temporary", "")));
      join(acl.deletePolicy(gone.id()));
      writer = join(acl.putToken(token(secret, web.id())));
      AclToken other = join(acl.putToken(token(AclIds.random(), web.id())));
      join(acl.deleteToken(other.accessorId()));
      join(sd.register(Instance.of("web-1", "web", "10.0.0.1", 80, List.of())));
    }

    try (ServiceDiscovery sd = open(compactEvery)) {
      AclDirectory acl = sd.acl();
      assertThat(acl.tokens()).containsExactly(writer);
      assertThat(acl.tokenBySecret(secret)).contains(writer);
      assertThat(acl.tokenBySecret(AclIds.random())).isEmpty();
      assertThat(acl.policies()).containsExactly(AclPolicy.GLOBAL_MANAGEMENT, web);
      assertThat(acl.policyByName("temporary")).isEmpty();
      assertThat(sd.index()).isEqualTo(7);
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).as(f.toString())
            .doesNotContain(secret);
      }
    }
  }

  @Test
  void bootstrapWorksOnceAndOnlyForAManagementToken() {
    try (ServiceDiscovery sd = open(CompactionPolicy.DEFAULT_MAX_RECORDS)) {
      AclDirectory acl = sd.acl();
      assertThatThrownBy(() -> acl.bootstrap(token(AclIds.random())))
          .isInstanceOf(IllegalArgumentException.class);
      AclToken first = join(acl.bootstrap(token(AclIds.random(), AclPolicy.GLOBAL_MANAGEMENT_ID)));

      assertThat(first.management()).isTrue();
      assertThatThrownBy(() -> acl.bootstrap(token(AclIds.random(), AclPolicy.GLOBAL_MANAGEMENT_ID)))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("no longer allowed");
    }
  }

  @Test
  void namesAreUniqueLinksMustExistSecretsAreUniqueAndTheBuiltInPolicyStays() {
    try (ServiceDiscovery sd = open(CompactionPolicy.DEFAULT_MAX_RECORDS)) {
      AclDirectory acl = sd.acl();
      join(acl.putPolicy(policy("readers", "")));
      String secret = AclIds.random();
      join(acl.putToken(token(secret)));

      assertThatThrownBy(() -> acl.putPolicy(policy("readers", "")))
          .hasMessageContaining("A Policy with Name \"readers\" already exists");
      assertThatThrownBy(() -> acl.putToken(token(AclIds.random(), AclIds.random())))
          .hasMessageContaining("cannot find policy");
      assertThatThrownBy(() -> acl.putToken(token(secret))).hasMessageContaining("SecretID is already in use");
      assertThatThrownBy(() -> acl.deletePolicy(AclPolicy.GLOBAL_MANAGEMENT_ID)).hasMessageContaining("builtin");
      assertThat(acl.policies()).first().isEqualTo(AclPolicy.GLOBAL_MANAGEMENT);
    }
  }

  private ServiceDiscovery open(long compactEvery) {
    return ServiceDiscovery.open(JournalStore.open(dir, compactEvery, CompactionPolicy.DEFAULT_MAX_BYTES));
  }

  private static AclPolicy policy(String name, String rules) {
    return new AclPolicy(AclIds.random(), name, "", rules, 0, 0);
  }

  private static AclToken token(String secret, String... policies) {
    return new AclToken(AclIds.random(), AclToken.hash(secret), "", List.of(policies), false,
        Instant.parse("2026-12-03T12:00:00Z"), 0, 0);
  }

  private static <T> T join(java.util.concurrent.CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }
}
