package io.fleetloop.operator.common;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class JsonMergePatchTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void removedMembersBecomeNullChangedObjectsAreDiffedArraysAreReplaced() throws Exception {
    JsonNode from =
        JSON.readTree(
            "{\"stable\":\"v1\",\"candidate\":\"v2\",\"rollout\":{\"phase\":\"Canary\",\"baseline\":[1,2]},"
                + "\"loop\":{\"generation\":3},\"conditions\":[{\"type\":\"A\"},{\"type\":\"B\"}]}");
    JsonNode to =
        JSON.readTree(
            "{\"stable\":\"v1\",\"rollout\":{\"phase\":\"RolledBack\"},"
                + "\"loop\":{\"generation\":3},\"conditions\":[{\"type\":\"A\"}]}");

    JsonNode patch = JsonMergePatch.diff(from, to);

    assertThat(patch)
        .isEqualTo(
            JSON.readTree(
                "{\"candidate\":null,\"rollout\":{\"phase\":\"RolledBack\",\"baseline\":null},"
                    + "\"conditions\":[{\"type\":\"A\"}]}"));
    assertThat(apply(from, patch)).isEqualTo(to);
  }

  @Test
  void equalDocumentsNeedNoPatch() throws Exception {
    JsonNode doc = JSON.readTree("{\"a\":{\"b\":[1]}}");
    assertThat(JsonMergePatch.diff(doc, doc.deepCopy())).isEqualTo(JSON.createObjectNode());
  }

  /** RFC 7386 MergePatch, to check the diff round-trips. */
  private static JsonNode apply(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch;
    }
    ObjectNode out =
        target != null && target.isObject() ? target.deepCopy() : JSON.createObjectNode();
    patch
        .fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().isNull()) {
                out.remove(e.getKey());
              } else {
                out.set(e.getKey(), apply(out.get(e.getKey()), e.getValue()));
              }
            });
    return out;
  }
}
