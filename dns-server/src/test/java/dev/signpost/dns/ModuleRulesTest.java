package dev.signpost.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * DESIGN.md's module table, checked on the sources rather than remembered: each module's main code names
 * (imports, or writes out in full) only what its row allows. Lives in dns-server, the module built last,
 * and reads the other modules' sources beside it in the reactor.
 */
class ModuleRulesTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  /** A package name as code names it: in an import, or written out in full before a class name. */
  private static final Pattern NAMED =
      Pattern.compile("\\b(dev\\.signpost\\.[a-z]+|io\\.netty|io\\.etcd|io\\.grpc|io\\.vertx|io\\.micrometer"
          + "|org\\.xbill\\.DNS|com\\.fasterxml\\.jackson|com\\.github\\.benmanes\\.caffeine)\\.");

  /** In {@code module}'s main code, outside the packages under {@code except}, nothing from {@code forbidden}. */
  record Rule(String module, String except, List<String> forbidden) {
    @Override
    public String toString() {
      return module + (except.isEmpty() ? "" : " outside " + except) + " names none of " + forbidden;
    }
  }

  static List<Rule> rules() {
    List<String> wire = List.of("org.xbill.DNS", "io.netty", "io.vertx", "io.grpc", "io.etcd", "io.micrometer",
        "com.github.benmanes.caffeine");
    return List.of(
        new Rule("core", "", concat(wire, "dev.signpost.zones", "dev.signpost.admin", "dev.signpost.dns",
            "dev.signpost.cluster")),
        new Rule("core", "dev.signpost.core.storage", List.of("com.fasterxml.jackson")),
        new Rule("zones", "", List.of("io.netty", "io.etcd", "io.micrometer", "com.fasterxml.jackson",
            "dev.signpost.admin", "dev.signpost.dns", "dev.signpost.cluster")),
        new Rule("admin-api", "", List.of("org.xbill.DNS", "io.etcd", "io.micrometer", "dev.signpost.zones",
            "dev.signpost.dns", "dev.signpost.cluster")),
        new Rule("cluster", "", List.of("org.xbill.DNS", "io.micrometer", "com.fasterxml.jackson",
            "dev.signpost.zones", "dev.signpost.admin", "dev.signpost.dns")),
        new Rule("dns-server", "dev.signpost.dns.launcher", List.of("dev.signpost.admin", "dev.signpost.cluster",
            "io.etcd", "io.grpc", "io.vertx")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void eachModuleNamesOnlyWhatItsRowAllows(Rule rule) {
    List<String> broken = new ArrayList<>();
    for (Map.Entry<Path, List<String>> file : named(rule.module()).entrySet()) {
      String pkg = packageOf(file.getKey());
      if (!rule.except().isEmpty() && (pkg.equals(rule.except()) || pkg.startsWith(rule.except() + "."))) {
        continue;
      }
      for (String name : file.getValue()) {
        if (rule.forbidden().stream().anyMatch(f -> name.equals(f) || name.startsWith(f + "."))) {
          broken.add(ROOT.relativize(file.getKey()) + " names " + name);
        }
      }
    }
    assertThat(broken).as(rule.toString()).isEmpty();
  }

  @Test
  void theScanSeesWhatModulesDoName() {
    // Without this, a scan that found nothing would pass every rule.
    assertThat(named("admin-api").values().stream().flatMap(List::stream)).contains("io.netty");
    assertThat(named("zones").values().stream().flatMap(List::stream)).contains("org.xbill.DNS");
    assertThat(named("core").get(ROOT.resolve("core/src/main/java/dev/signpost/core/storage/JournalCodec.java")))
        .contains("com.fasterxml.jackson");
  }

  /** Source file → the packages its code names (comments left out). */
  private static Map<Path, List<String>> named(String module) {
    Path main = ROOT.resolve(module).resolve("src/main/java");
    assertThat(main).as("sources of " + module).isDirectory();
    Map<Path, List<String>> named = new TreeMap<>();
    try (Stream<Path> files = Files.walk(main)) {
      files.filter(f -> f.toString().endsWith(".java")).forEach(f -> named.put(f, namedIn(code(f))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return named;
  }

  private static List<String> namedIn(String code) {
    List<String> names = new ArrayList<>();
    Matcher m = NAMED.matcher(code);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /** The file without its comments, so that prose may name any package. */
  private static String code(Path file) {
    try {
      return Files.readString(file).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String packageOf(Path file) {
    Matcher m = Pattern.compile("(?m)^package ([\\w.]+);").matcher(code(file));
    return m.find() ? m.group(1) : "";
  }

  private static List<String> concat(List<String> first, String... more) {
    List<String> all = new ArrayList<>(first);
    all.addAll(List.of(more));
    return all;
  }
}
