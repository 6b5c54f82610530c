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
 * (imports, or writes out in full) only what its row allows; inside dns-server, the packages of the query
 * chain stay free of Netty, and the wire encoding stays below the chain. Lives in dns-server, the module
 * built last, and reads the other modules' sources beside it in the reactor.
 */
class ModuleRulesTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  /** A package name as code names it: in an import, or written out in full before a class name. */
  private static final Pattern NAMED =
      Pattern.compile("\\b(dev\\.signpost(?:\\.[a-z][a-z0-9]*)+|io\\.netty|io\\.etcd|io\\.grpc|io\\.vertx|io\\.micrometer"
          + "|org\\.xbill\\.DNS|com\\.fasterxml\\.jackson|com\\.github\\.benmanes\\.caffeine)\\.");

  /**
   * In {@code module}'s main code, in the packages under {@code within} (empty: all) but outside those under
   * {@code except} (empty: none), nothing from {@code forbidden}.
   */
  record Rule(String module, String within, String except, List<String> forbidden) {
    Rule(String module, String except, List<String> forbidden) {
      this(module, "", except, forbidden);
    }

    boolean covers(String pkg) {
      return (within.isEmpty() || under(pkg, within)) && (except.isEmpty() || !under(pkg, except));
    }

    /** What in {@code named} (source file → the packages it names) breaks this rule. */
    List<String> broken(Map<Path, List<String>> named) {
      List<String> broken = new ArrayList<>();
      for (Map.Entry<Path, List<String>> file : named.entrySet()) {
        if (!covers(packageOf(file.getKey()))) {
          continue;
        }
        for (String name : file.getValue()) {
          if (forbidden.stream().anyMatch(f -> under(name, f))) {
            broken.add(ROOT.relativize(file.getKey()) + " names " + name);
          }
        }
      }
      return broken;
    }

    @Override
    public String toString() {
      return module + (within.isEmpty() ? "" : " in " + within) + (except.isEmpty() ? "" : " outside " + except)
          + " names none of " + forbidden;
    }
  }

  static List<Rule> rules() {
    List<String> wire = List.of("org.xbill.DNS", "io.netty", "io.vertx", "io.grpc", "io.etcd", "io.micrometer",
        "com.github.benmanes.caffeine");
    return List.of(
        // The strategies the server and the Java client share: the JDK only, nothing of ours.
        new Rule("balance", "", concat(wire, "com.fasterxml.jackson", "dev.signpost.core", "dev.signpost.zones",
            "dev.signpost.admin", "dev.signpost.dns", "dev.signpost.cluster", "dev.signpost.client")),
        new Rule("core", "", concat(wire, "dev.signpost.zones", "dev.signpost.admin", "dev.signpost.dns",
            "dev.signpost.cluster", "dev.signpost.client")),
        // The Java client: balance, Jackson and the JDK; none of the server's code or transport.
        new Rule("client", "", List.of("org.xbill.DNS", "io.netty", "io.vertx", "io.grpc", "io.etcd",
            "com.github.benmanes.caffeine", "dev.signpost.core", "dev.signpost.zones", "dev.signpost.admin",
            "dev.signpost.dns", "dev.signpost.cluster")),
        // Micrometer is optional: only the package a user opts into names it.
        new Rule("client", "dev.signpost.client.micrometer", List.of("io.micrometer")),
        new Rule("core", "dev.signpost.core.storage", List.of("com.fasterxml.jackson")),
        new Rule("zones", "", List.of("io.netty", "io.etcd", "io.micrometer", "com.fasterxml.jackson",
            "dev.signpost.admin", "dev.signpost.dns", "dev.signpost.cluster", "dev.signpost.client")),
        new Rule("admin-api", "", List.of("org.xbill.DNS", "io.etcd", "io.micrometer", "dev.signpost.zones",
            "dev.signpost.dns", "dev.signpost.cluster", "dev.signpost.client")),
        new Rule("cluster", "", List.of("org.xbill.DNS", "io.micrometer", "com.fasterxml.jackson",
            "dev.signpost.zones", "dev.signpost.admin", "dev.signpost.dns", "dev.signpost.client")),
        new Rule("dns-server", "dev.signpost.dns.launcher", List.of("dev.signpost.admin", "dev.signpost.cluster",
            "io.etcd", "io.grpc", "io.vertx")),
        // The server never runs the client; only dns-server's tests use it against the server.
        new Rule("dns-server", "", List.of("dev.signpost.client")),
        // STYLE.md: Netty at the edge; handlers see DnsRequest and DnsReply, never a ByteBuf.
        new Rule("dns-server", "dev.signpost.dns.chain", "", CHAIN_MUST_NOT_NAME),
        new Rule("dns-server", "dev.signpost.dns.handlers", "", CHAIN_MUST_NOT_NAME),
        new Rule("dns-server", "dev.signpost.dns.wire", "", concat(CHAIN_MUST_NOT_NAME, "dev.signpost.dns.chain",
            "dev.signpost.dns.handlers")),
        new Rule("dns-server", "dev.signpost.dns.chain", "", List.of("dev.signpost.dns.handlers")));
  }

  private static final List<String> CHAIN_MUST_NOT_NAME = List.of("io.netty", "dev.signpost.dns.transport",
      "dev.signpost.dns.launcher", "dev.signpost.dns.forward");

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void eachModuleNamesOnlyWhatItsRowAllows(Rule rule) {
    assertThat(rule.broken(named(rule.module()))).as(rule.toString()).isEmpty();
  }

  @Test
  void aForbiddenImportAddedToAHandlerBreaksTheRules() {
    Path handler = ROOT.resolve("dns-server/src/main/java/dev/signpost/dns/handlers/RefuseHandler.java");
    Map<Path, List<String>> named = named("dns-server");
    List<String> planted = new ArrayList<>(named.get(handler));
    planted.add("io.netty.buffer");
    named.put(handler, planted);

    List<String> broken = rules().stream().filter(r -> r.module().equals("dns-server"))
        .flatMap(r -> r.broken(named).stream()).toList();

    assertThat(broken).containsExactly(ROOT.relativize(handler) + " names io.netty.buffer");
  }

  @Test
  void theScanSeesWhatModulesDoName() {
    // Without this, a scan that found nothing would pass every rule.
    assertThat(named("admin-api").values().stream().flatMap(List::stream)).contains("io.netty");
    assertThat(named("zones").values().stream().flatMap(List::stream)).contains("org.xbill.DNS");
    assertThat(named("core").values().stream().flatMap(List::stream)).contains("dev.signpost.balance");
    assertThat(named("client").values().stream().flatMap(List::stream))
        .contains("dev.signpost.balance", "com.fasterxml.jackson", "io.micrometer");
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

  private static boolean under(String name, String pkg) {
    return name.equals(pkg) || name.startsWith(pkg + ".");
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
