package io.fleetloop.validator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.chip.Rounding;
import io.fleetloop.dataset.DatasetManifest;
import io.fleetloop.local.ComponentKind;
import io.fleetloop.local.LocalStack;
import io.fleetloop.local.S3Component;
import io.fleetloop.trainer.ObjectStore;
import io.fleetloop.trainer.S3Uri;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The validator entrypoint against the local stack's real S3 server: a chip model written as the
 * trainer would, validated with gates it passes and gates it fails, {@code validation.json} read
 * back next to the model; a model whose bytes do not match the registered digest exits 1 and writes
 * no report; bad arguments exit 2.
 */
class ValidatorMainIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static S3Component s3;
  private static MinioClient client;
  private static ObjectStore store;
  private static String bucket;
  private static String digest;

  @BeforeAll
  static void model() throws Exception {
    s3 = LocalStack.shared(ComponentKind.S3).s3();
    client = s3.newClient();
    bucket = "validator-" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
    client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
    store = new ObjectStore(client);
    byte[] bytes = TestModels.chip(Rounding.HALF_EVEN).toArtifact().toBytes();
    digest = DatasetManifest.digestOf(bytes);
    store.put(S3Uri.parse(model("ok")), bytes, "application/octet-stream");
    store.put(S3Uri.parse(model("tampered")), tamper(bytes), "application/octet-stream");
  }

  private static byte[] tamper(byte[] bytes) {
    byte[] t = bytes.clone();
    t[t.length / 3] ^= 0x10;
    return t;
  }

  private static String model(String run) {
    return "s3://" + bucket + "/training/ns/" + run + "/uid/edge/model.flm";
  }

  private static Map<String, String> env() {
    return Map.of(
        "FLEETLOOP_S3_ENDPOINT", s3.endpoint(),
        "FLEETLOOP_S3_ACCESS_KEY", s3.accessKey(),
        "FLEETLOOP_S3_SECRET_KEY", s3.secretKey());
  }

  private record Run(int status, String out, String err) {}

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        ValidatorMain.run(
            args,
            env(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static String[] args(String model, String digest, String... more) {
    List<String> a =
        new java.util.ArrayList<>(
            List.of("--model", model, "--digest", digest, "--vehicles", "40", "--ticks", "300"));
    a.addAll(List.of(more));
    return a.toArray(String[]::new);
  }

  private static JsonNode report(String run) throws Exception {
    String key = "training/ns/" + run + "/uid/edge/validation.json";
    try (var in =
        client.getObject(io.minio.GetObjectArgs.builder().bucket(bucket).object(key).build())) {
      return JSON.readTree(in.readAllBytes());
    }
  }

  @Test
  void aChipModelIsValidatedAndTheReportLandsNextToIt() throws Exception {
    Run lenient = run(args(model("ok"), digest, "--min-accuracy", "0.3"));
    assertThat(lenient.status()).as(lenient.err()).isEqualTo(ValidatorMain.OK);
    assertThat(lenient.out().lines()).hasSize(3).first().asString().startsWith("suite heldout: ");
    assertThat(lenient.out()).contains("validation passed: accuracy ");
    JsonNode json = report("ok");
    assertThat(json.get("passed").asBoolean()).isTrue();
    assertThat(json.get("digest").asText()).isEqualTo(digest);
    assertThat(json.get("model").asText()).isEqualTo(model("ok"));
    double accuracy = json.get("accuracy").asDouble();
    assertThat(accuracy).isBetween(0.3, 1.0);
    assertThat(json.get("chipDisagreement").isNumber()).isTrue();
    assertThat(json.get("perSuite").get("tail").get("hazardFrames").asInt()).isPositive();

    // the same model against a gate above what it measured: exit 0, the report says why not
    String above = String.format(Locale.ROOT, "%.4f", Math.min(1.0, accuracy + 0.02));
    Run strict = run(args(model("ok"), digest, "--min-accuracy", above));
    assertThat(strict.status()).as(strict.err()).isEqualTo(ValidatorMain.OK);
    assertThat(strict.out()).contains("validation failed: ").contains("reasons: accuracy ");
    JsonNode failed = report("ok");
    assertThat(failed.get("passed").asBoolean()).isFalse();
    assertThat(failed.get("reasons").get(0).asText())
        .contains("< " + Validator.f(Double.parseDouble(above)));
    assertThat(failed.get("accuracy").asDouble()).isEqualTo(accuracy); // deterministic
  }

  @Test
  void aModelWhoseBytesDoNotMatchTheRegisteredDigestIsRefused() throws Exception {
    Run r = run(args(model("tampered"), digest));
    assertThat(r.status()).isEqualTo(ValidatorMain.FAILED);
    assertThat(r.err()).contains("was registered").contains(model("tampered"));
    try {
      client.statObject(
          StatObjectArgs.builder()
              .bucket(bucket)
              .object("training/ns/tampered/uid/edge/validation.json")
              .build());
      throw new AssertionError("a report was written for a refused model");
    } catch (ErrorResponseException e) {
      assertThat(e.errorResponse().code()).isEqualTo("NoSuchKey");
    }
  }

  @Test
  void aMissingModelFailsAndBadArgumentsAreRefusedWithTheUsage() {
    Run missing = run(args(model("nothing-here"), digest));
    assertThat(missing.status()).isEqualTo(ValidatorMain.FAILED);
    assertThat(missing.err()).contains("does not exist");

    Run bad = run("--model", model("ok"));
    assertThat(bad.status()).isEqualTo(ValidatorMain.BAD_ARGUMENTS);
    assertThat(bad.err()).contains("--digest must be").contains("usage: validator");

    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int noEnv =
        ValidatorMain.run(
            args(model("ok"), digest),
            Map.of(),
            new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(noEnv).isEqualTo(ValidatorMain.BAD_ARGUMENTS);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("FLEETLOOP_S3_ENDPOINT");
  }
}
