package dev.signpost.dns.launcher;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The config file ({@code --config}) and the {@code SIGNPOST_*} environment, turned into the same flag/value pairs
 * the command line gives, so that one parser checks them all with the same messages; each pair says where it came
 * from, for those messages. Knows flag names only, never what a flag means.
 *
 * @param valueFlags the flags that take a value, with their dashes
 * @param switches the flags that are on or off
 * @param repeatable those of {@code valueFlags} that may be given more than once: a list in a file, comma-separated
 *     in a variable
 */
record ConfigSources(Set<String> valueFlags, Set<String> switches, Set<String> repeatable) {

  static final String ENV_PREFIX = "SIGNPOST_";

  /**
   * One flag as given.
   *
   * @param flag its name with the dashes
   * @param value null for a switch given alone
   * @param where what a message about it starts with: empty for the command line, else the file and key or
   *     the variable
   */
  record Setting(String flag, String value, String where) {}

  ConfigSources {
    valueFlags = Set.copyOf(valueFlags);
    switches = Set.copyOf(switches);
    repeatable = Set.copyOf(repeatable);
  }

  /**
   * The settings of a YAML or JSON file, which the file's name says: a map from flag names without their dashes
   * to a value, or a list of them for a repeatable flag, or true/false for a switch.
   */
  List<Setting> file(Path path) throws UsageException {
    String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
    ObjectMapper mapper;
    if (name.endsWith(".json")) {
      mapper = new ObjectMapper();
    } else if (name.endsWith(".yaml") || name.endsWith(".yml")) {
      mapper = new YAMLMapper();
    } else {
      throw new UsageException("--config " + path + ": the file's name must end in .yaml, .yml or .json");
    }
    // A key given twice is a mistake to show, not one to settle silently by taking the last.
    mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    JsonNode root;
    try {
      root = mapper.readTree(path.toFile());
    } catch (IOException e) {
      throw new UsageException("--config: cannot read " + path + ": " + firstLine(e.getMessage()));
    }
    List<Setting> settings = new ArrayList<>();
    if (root == null || root.isMissingNode() || root.isNull()) {
      return settings;
    }
    if (!root.isObject()) {
      throw new UsageException("in " + path + ": expected a map of flag names to values");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String key = field.getKey();
      String flag = "--" + key;
      String where = "in " + path + ": " + key + ": ";
      if (!known(flag)) {
        throw new UsageException("in " + path + ": unknown key '" + key + "'");
      }
      JsonNode node = field.getValue();
      if (node.isArray()) {
        if (!repeatable.contains(flag)) {
          throw new UsageException(where + "takes one value, not a list");
        }
        for (JsonNode item : node) {
          settings.add(new Setting(flag, scalar(item, where), where));
        }
      } else {
        settings.add(new Setting(flag, scalar(node, where), where));
      }
    }
    return settings;
  }

  /**
   * The settings of the {@code SIGNPOST_*} variables in {@code env}: {@code SIGNPOST_DNS_PORT} is
   * {@code --dns-port}; a repeatable flag's values are comma-separated. Other variables are not looked at.
   */
  List<Setting> environment(Map<String, String> env) throws UsageException {
    List<Setting> settings = new ArrayList<>();
    for (Map.Entry<String, String> variable : new TreeMap<>(env).entrySet()) {
      String key = variable.getKey();
      if (!key.startsWith(ENV_PREFIX)) {
        continue;
      }
      String flag = "--" + key.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '-');
      if (!key.equals(key.toUpperCase(Locale.ROOT)) || !known(flag)) {
        throw new UsageException("unknown environment variable " + key);
      }
      String where = key + ": ";
      String value = variable.getValue();
      if (!repeatable.contains(flag)) {
        settings.add(new Setting(flag, value, where));
        continue;
      }
      for (String item : value.split(",", -1)) {
        if (item.isBlank()) {
          throw new UsageException(where + "an empty item in the comma-separated list '" + value + "'");
        }
        settings.add(new Setting(flag, item.strip(), where));
      }
    }
    return settings;
  }

  /**
   * Of {@code sources}, lowest precedence first, the settings to apply in that order: a flag's settings come from
   * the highest source that gives it, so a repeatable flag's list is replaced, not added to.
   */
  static List<Setting> byPrecedence(List<List<Setting>> sources) {
    Map<String, Integer> winner = new HashMap<>();
    for (int i = 0; i < sources.size(); i++) {
      for (Setting s : sources.get(i)) {
        winner.put(s.flag(), i);
      }
    }
    List<Setting> applied = new ArrayList<>();
    for (int i = 0; i < sources.size(); i++) {
      for (Setting s : sources.get(i)) {
        if (winner.get(s.flag()) == i) {
          applied.add(s);
        }
      }
    }
    return applied;
  }

  private boolean known(String flag) {
    return valueFlags.contains(flag) || switches.contains(flag);
  }

  private static String scalar(JsonNode node, String where) throws UsageException {
    if (!node.isValueNode() || node.isNull()) {
      throw new UsageException(where + "expected a value, got " + (node.isNull() ? "nothing" : node.getNodeType()
          .toString().toLowerCase(Locale.ROOT)));
    }
    return node.asText();
  }

  /** Jackson's messages go on with the source excerpt over several lines; a usage error is one line. */
  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int end = message.indexOf('\n');
    return end < 0 ? message : message.substring(0, end);
  }
}
