package dev.signpost.dns.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signpost.dns.forward.Upstream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code --config FILE} and {@code SIGNPOST_*} variables: the same flags, under the command line. */
class ConfigSourcesTest {

  @TempDir
  Path dir;

  private Path write(String name, String text) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  @Test
  void aYamlFileSetsValuesListsAndSwitches() throws Exception {
    Path file = write("signpost.yaml", """
        dns-port: 8601
        domain: service.internal
        upstream:
          - 9.9.9.9
          - 1.1.1.1:5353
        dns-only-passing: true
        tcp-idle-timeout: 30s
        """);
    LauncherOptions o = LauncherOptions.parse(Map.of(), "--config", file.toString());
    assertThat(o.dnsPort()).isEqualTo(8601);
    assertThat(o.domain()).isEqualTo("service.internal");
    assertThat(o.upstreams()).containsExactly(Upstream.parse("9.9.9.9"), Upstream.parse("1.1.1.1:5353"));
    assertThat(o.healthFilter().onlyPassing()).isTrue();
    assertThat(o.dnsLimits().tcpIdleTimeout()).hasSeconds(30);
  }

  @Test
  void aJsonFileSetsTheSameFlags() throws Exception {
    Path file = write("signpost.json", """
        {"dns-port": 8602, "zone-file": ["a.zone", "b.zone"], "dns-fail-open": true, "acl-enabled": false}
        """);
    LauncherOptions o = LauncherOptions.parse(Map.of(), "--config=" + file);
    assertThat(o.dnsPort()).isEqualTo(8602);
    assertThat(o.zoneFiles()).containsExactly(Path.of("a.zone"), Path.of("b.zone"));
    assertThat(o.healthFilter().failOpen()).isTrue();
    assertThat(o.acl().enabled()).isFalse();
  }

  @Test
  void aRepeatableFlagMayBeOneValueInAFile() throws Exception {
    Path file = write("signpost.yml", "upstream: 9.9.9.9\n");
    assertThat(LauncherOptions.parse(Map.of(), "--config", file.toString()).upstreams())
        .containsExactly(Upstream.parse("9.9.9.9"));
  }

  @Test
  void environmentVariablesSetFlagsAndRepeatableOnesAreCommaSeparated() throws Exception {
    LauncherOptions o = LauncherOptions.parse(Map.of("SIGNPOST_DNS_PORT", "8603", "SIGNPOST_UPSTREAM",
        "9.9.9.9, 1.1.1.1:5353", "SIGNPOST_DNS_ONLY_PASSING", "true", "PATH", "/usr/bin", "OTHER_DNS_PORT", "1"));
    assertThat(o.dnsPort()).isEqualTo(8603);
    assertThat(o.upstreams()).containsExactly(Upstream.parse("9.9.9.9"), Upstream.parse("1.1.1.1:5353"));
    assertThat(o.healthFilter().onlyPassing()).isTrue();
  }

  @Test
  void flagsBeatEnvironmentWhichBeatsTheFileWhichBeatsDefaults() throws Exception {
    Path file = write("signpost.yaml", "dns-port: 1001\nhttp-port: 1002\nttl: 7\n");
    Map<String, String> env = Map.of("SIGNPOST_DNS_PORT", "2001", "SIGNPOST_HTTP_PORT", "2002");
    LauncherOptions o = LauncherOptions.parse(env, "--config", file.toString(), "--dns-port", "3001");
    assertThat(o.dnsPort()).isEqualTo(3001);
    assertThat(o.httpPort()).isEqualTo(2002);
    assertThat(o.ttl()).isEqualTo(7);
    assertThat(o.answerLimit()).isZero();
  }

  @Test
  void aHigherSourceReplacesARepeatableFlagsListInsteadOfAddingToIt() throws Exception {
    Path file = write("signpost.yaml", "upstream: [9.9.9.9, 8.8.8.8]\ncheck-deny: [10.0.0.0/8]\n");
    LauncherOptions o = LauncherOptions.parse(Map.of("SIGNPOST_UPSTREAM", "1.1.1.1"), "--config", file.toString(),
        "--check-deny", "192.168.0.0/16");
    assertThat(o.upstreams()).containsExactly(Upstream.parse("1.1.1.1"));
    assertThat(o.checkDeny()).containsExactly(dev.signpost.core.Cidr.parse("192.168.0.0/16"));
  }

  @Test
  void aSwitchOffOnTheCommandLineBeatsOneOnInTheFile() throws Exception {
    Path file = write("signpost.yaml", "dns-only-passing: true\n");
    assertThat(LauncherOptions.parse(Map.of(), "--config", file.toString(), "--dns-only-passing=false")
        .healthFilter().onlyPassing()).isFalse();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      no-such-flag: 1                   | unknown key 'no-such-flag'
      config: other.yaml                | unknown key 'config'
      dns-port: 99999                   | : dns-port: --dns-port must be between 0 and 65535, got 99999
      dns-port: [1, 2]                  | : dns-port: takes one value, not a list
      upstream: [{host: a}]             | : upstream: expected a value, got object
      dns-port:                         | : dns-port: expected a value, got nothing
      dns-only-passing: maybe           | : dns-only-passing: --dns-only-passing is a switch
      '- dns-port'                      | expected a map of flag names to values
      'ttl: 1\\nttl: 2'                 | Duplicate field 'ttl'
      """)
  void aBadFileNamesTheFileAndTheKey(String yaml, String message) throws Exception {
    Path file = write("bad.yaml", yaml.replace("\\n", "\n"));
    assertThatThrownBy(() -> LauncherOptions.parse(Map.of(), "--config", file.toString()))
        .isInstanceOf(UsageException.class).hasMessageContaining(file.toString()).hasMessageContaining(message);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      SIGNPOST_NO_SUCH_FLAG | 1         | unknown environment variable SIGNPOST_NO_SUCH_FLAG
      SIGNPOST_CONFIG       | a.yaml    | unknown environment variable SIGNPOST_CONFIG
      SIGNPOST_dns_port     | 1         | unknown environment variable SIGNPOST_dns_port
      SIGNPOST_DNS_PORT     | x         | SIGNPOST_DNS_PORT: --dns-port must be a whole number, got 'x'
      SIGNPOST_UPSTREAM     | 9.9.9.9,  | SIGNPOST_UPSTREAM: an empty item in the comma-separated list '9.9.9.9,'
      SIGNPOST_ACL_ENABLED  | yes       | SIGNPOST_ACL_ENABLED: --acl-enabled is a switch
      """)
  void aBadVariableIsNamed(String name, String value, String message) {
    assertThatThrownBy(() -> LauncherOptions.parse(Map.of(name, value)))
        .isInstanceOf(UsageException.class).hasMessageStartingWith(message.startsWith("unknown") ? message : name)
        .hasMessageContaining(message);
  }

  @Test
  void aFileNamedOtherThanYamlOrJsonIsRefusedByName() throws Exception {
    Path file = write("signpost.conf", "dns-port: 1\n");
    assertThatThrownBy(() -> LauncherOptions.parse(Map.of(), "--config", file.toString()))
        .isInstanceOf(UsageException.class)
        .hasMessage("--config " + file + ": the file's name must end in .yaml, .yml or .json");
  }

  @Test
  void aMissingFileIsAUsageErrorNamingIt() {
    Path file = dir.resolve("absent.yaml");
    assertThatThrownBy(() -> LauncherOptions.parse(Map.of(), "--config", file.toString()))
        .isInstanceOf(UsageException.class).hasMessageStartingWith("--config: cannot read " + file + ": ");
  }

  @Test
  void anEmptyFileSetsNothing() throws Exception {
    Path file = write("empty.yaml", "");
    assertThat(LauncherOptions.parse(Map.of(), "--config", file.toString()).dnsPort()).isEqualTo(8600);
  }

  @Test
  void byPrecedenceKeepsEachFlagsSettingsFromTheHighestSourceInOrder() {
    ConfigSources.Setting a = new ConfigSources.Setting("--upstream", "a", "f");
    ConfigSources.Setting b = new ConfigSources.Setting("--ttl", "1", "f");
    ConfigSources.Setting c = new ConfigSources.Setting("--upstream", "c", "e");
    ConfigSources.Setting d = new ConfigSources.Setting("--upstream", "d", "e");
    assertThat(ConfigSources.byPrecedence(List.of(List.of(a, b), List.of(c, d), List.of())))
        .containsExactly(b, c, d);
  }

  @Test
  void theReadmesExampleFileNamesEveryFlagAndSetsTheDefaults() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    int section = readme.indexOf("### Config file and environment");
    assertThat(section).as("README's config file section").isNotNegative();
    int start = readme.indexOf("```yaml\n", section) + "```yaml\n".length();
    String example = readme.substring(start, readme.indexOf("```\n", start));
    Set<String> named = example.lines().map(line -> line.replaceFirst("^# ", ""))
        .filter(line -> line.matches("[a-z-]+:.*")).map(line -> "--" + line.substring(0, line.indexOf(':')))
        .collect(Collectors.toSet());
    assertThat(named).containsExactlyInAnyOrderElementsOf(LauncherOptions.fileFlags());
    Path file = write("readme.yaml", example);
    assertThat(LauncherOptions.parse(Map.of(), "--config", file.toString())).usingRecursiveComparison()
        .usingOverriddenEquals().isEqualTo(LauncherOptions.parse());
  }
}
