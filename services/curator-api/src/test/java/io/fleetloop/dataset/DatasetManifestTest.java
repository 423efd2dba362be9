package io.fleetloop.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetloop.dataset.DatasetManifest.Clip;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatasetManifestTest {
  private static final String HEX_A = "a".repeat(64);
  private static final String HEX_B = "b".repeat(64);

  private static Clip clip(String id, String hex, int condition, double weight) {
    return new Clip(
        id,
        "sha256:" + hex,
        "s3://fleetloop/clips/sha256/" + hex.substring(0, 2) + "/" + hex,
        "dev-1",
        "datatrigger/demo/fog",
        condition,
        Clip.TAKEOVER,
        40,
        "raw-f32/v1",
        weight);
  }

  private static DatasetManifest manifest(List<Clip> clips, Map<String, Long> perCondition) {
    return new DatasetManifest(
        DatasetManifest.SCHEMA,
        "2026-11-21T10:00:00Z",
        null,
        List.of("datatrigger/demo/z", "datatrigger/demo/a"),
        clips,
        perCondition);
  }

  @Test
  void canonicalBytesHaveSortedKeysAndNoWhitespace() {
    Map<String, Long> per = new LinkedHashMap<>();
    per.put("z", 1L);
    per.put("a", 1L);
    String json =
        new String(
            manifest(List.of(clip("c2", HEX_B, 7, 1.5), clip("c1", HEX_A, 0, 1.0)), per).toJson(),
            StandardCharsets.UTF_8);

    assertThat(json)
        .startsWith(
            "{\"clips\":[{\"clipId\":\"c1\",\"codecVersion\":\"raw-f32/v1\",\"condition\":0,")
        .contains("\"perCondition\":{\"a\":1,\"z\":1}")
        .contains("\"triggers\":[\"datatrigger/demo/a\",\"datatrigger/demo/z\"]")
        .contains("\"parent\":null")
        .doesNotContain(" ")
        .doesNotContain("\n");
    assertThat(json.indexOf("\"clipId\":\"c1\"")).isLessThan(json.indexOf("\"clipId\":\"c2\""));
  }

  @Test
  void idIsTheDigestOfTheCanonicalBytesAndIndependentOfOrder() {
    DatasetManifest one =
        manifest(List.of(clip("c1", HEX_A, 0, 1.0), clip("c2", HEX_B, 7, 1.5)), Map.of("a", 2L));
    DatasetManifest other =
        manifest(List.of(clip("c2", HEX_B, 7, 1.5), clip("c1", HEX_A, 0, 1.0)), Map.of("a", 2L));

    assertThat(one.id())
        .isEqualTo(DatasetManifest.digestOf(one.toJson()))
        .matches("sha256:[0-9a-f]{64}");
    assertThat(other.id()).isEqualTo(one.id());
    assertThat(other.toJson()).isEqualTo(one.toJson());
    assertThat(DatasetManifest.objectKey(one.id()))
        .isEqualTo("datasets/" + one.hex() + "/manifest.json");
  }

  @Test
  void roundTripsThroughJsonToTheSameBytes() {
    DatasetManifest m =
        new DatasetManifest(
            DatasetManifest.SCHEMA,
            "2026-11-21T10:00:00Z",
            "sha256:" + HEX_A,
            List.of(),
            List.of(clip("c1", HEX_A, 3, 0.123456789), clip("c2", HEX_B, 179, 4.0)),
            Map.of("clear/highway/day/dry", 1L, "fog/construction/night/wet", 1L));

    DatasetManifest back = DatasetManifest.read(m.toJson(), m.id());

    assertThat(back).isEqualTo(m);
    assertThat(back.toJson()).isEqualTo(m.toJson());
    assertThat(back.totalFrames()).isEqualTo(80);
  }

  @Test
  void readRefusesBytesWhoseDigestIsNotTheId() {
    DatasetManifest m = manifest(List.of(clip("c1", HEX_A, 0, 1.0)), Map.of());
    byte[] tampered =
        new String(m.toJson(), StandardCharsets.UTF_8)
            .replace("\"weight\":1.0", "\"weight\":9.0")
            .getBytes(StandardCharsets.UTF_8);

    assertThat(DatasetManifest.fromJson(tampered).clips().get(0).weight()).isEqualTo(9.0);
    assertThatThrownBy(() -> DatasetManifest.read(tampered, m.id()))
        .isInstanceOf(InvalidManifestException.class)
        .hasMessageContaining("digest mismatch")
        .hasMessageContaining(m.id());
  }

  @Test
  void refusesMalformedManifestsWithAClearMessage() {
    assertThatThrownBy(() -> DatasetManifest.fromJson("{\"schema\":\"other/v9\"}".getBytes()))
        .isInstanceOf(InvalidManifestException.class)
        .hasMessageContaining("other/v9");
    assertThatThrownBy(
            () -> manifest(List.of(clip("c1", HEX_A, 0, 1), clip("c1", HEX_B, 0, 1)), Map.of()))
        .hasMessageContaining("c1 appears twice");
    assertThatThrownBy(() -> clip("c1", "xyz", 0, 1)).hasMessageContaining("not sha256");
    assertThatThrownBy(() -> clip("c1", HEX_A, 0, 0))
        .hasMessageContaining("weight must be positive");
  }
}
