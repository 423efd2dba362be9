package io.fleetloop.audit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.audit.api.AuditJson;
import io.fleetloop.audit.api.event.ClipsIngested;
import io.fleetloop.audit.api.event.IngestedClip;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FastInstantsTest {

  private static final ObjectMapper FAST = AuditSerializer.eventMapper();
  private static final ObjectMapper STANDARD = AuditJson.newMapper();

  @Test
  void writesExactlyWhatIsoInstantWrites() {
    SplittableRandom random = new SplittableRandom(42);
    List<Instant> edges =
        List.of(
            Instant.EPOCH,
            Instant.parse("0000-01-01T00:00:00Z"),
            Instant.parse("9999-12-31T23:59:59.999999999Z"),
            Instant.parse("-0001-12-31T23:59:59Z"),
            Instant.parse("+10000-01-01T00:00:00Z"),
            Instant.parse("1969-12-31T23:59:59.5Z"),
            Instant.parse("2024-02-29T12:00:00.000001Z"),
            Instant.parse("2026-11-21T10:00:00.120Z"),
            Instant.MIN,
            Instant.MAX);
    for (Instant instant : edges) {
      assertThat(FastInstants.format(instant))
          .as("%s", instant)
          .isEqualTo(DateTimeFormatter.ISO_INSTANT.format(instant));
    }
    for (int i = 0; i < 100_000; i++) {
      long seconds = random.nextLong(-62_167_219_200L, 253_402_300_800L); // years 0..9999
      int nanos =
          switch (i % 4) {
            case 0 -> 0;
            case 1 -> random.nextInt(1_000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1_000;
            default -> random.nextInt(1_000_000_000);
          };
      Instant instant = Instant.ofEpochSecond(seconds, nanos);
      assertThat(FastInstants.format(instant)).isEqualTo(instant.toString());
    }
  }

  @Test
  void readsWhatIsoInstantReadsAndFallsBackForEverythingElse() throws Exception {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 100_000; i++) {
      Instant instant =
          Instant.ofEpochSecond(
              random.nextLong(-62_167_219_200L, 253_402_300_800L), random.nextInt(1_000_000_000));
      String text = instant.toString();
      assertThat(FastInstants.parse(text)).isEqualTo(instant);
    }
    for (String text :
        List.of(
            "2026-11-21T10:00:00.1Z",
            "2026-11-21T10:00:00.12345Z",
            "2026-11-21T10:00:00+01:00",
            "2026-11-21T10:00:60Z",
            "2026-11-21T23:59:60Z",
            "+12026-11-21T10:00:00Z",
            "2026-11-21T10:00Z")) {
      String json = "\"" + text + "\"";
      Object expected;
      try {
        expected = STANDARD.readValue(json, Instant.class);
      } catch (JsonMappingException e) {
        assertThatThrownBy(() -> FAST.readValue(json, Instant.class))
            .as(text)
            .isInstanceOf(JsonMappingException.class);
        continue;
      }
      assertThat(FAST.readValue(json, Instant.class)).as(text).isEqualTo(expected);
    }
    assertThat(FastInstants.parse("2026-02-30T10:00:00Z")).isNull();
    assertThatThrownBy(() -> FAST.readValue("\"2026-02-30T10:00:00Z\"", Instant.class))
        .isInstanceOf(JsonMappingException.class);
    assertThat(FAST.readValue("1700000000", Instant.class))
        .isEqualTo(STANDARD.readValue("1700000000", Instant.class));
  }

  @Test
  void eventsSerializeToTheSameBytesAsTheSharedMapper() throws Exception {
    ClipsIngested event =
        new ClipsIngested(
            "device/veh-1",
            "b-1",
            List.of(
                new IngestedClip(
                    "c-1",
                    "datatrigger/fleet/fog",
                    3,
                    "policy-g3",
                    "sha256:" + "ab".repeat(32),
                    10,
                    Instant.parse("2026-11-21T10:00:00.250Z")),
                new IngestedClip("c-2", null, 0, null, null, 0, null)));
    byte[] fast = FAST.writeValueAsBytes(event);
    assertThat(fast).isEqualTo(STANDARD.writeValueAsBytes(event));
    assertThat(FAST.readValue(fast, ClipsIngested.class)).isEqualTo(event);
    assertThat(FAST.getSerializerProviderInstance().findValueSerializer(Instant.class).getClass())
        .hasToString("class " + FastInstants.class.getName() + "$Writer");
  }
}
