package io.fleetloop.operator.trainingrun;

import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A stand-in for the reference validator in the operator's ITs, run by the node agent as the
 * validation Job's pod. It "measures" fixed figures (accuracy {@value #HELDOUT} on heldout, {@value
 * #TAIL} on tail, chip disagreement {@value #CHIP} on tail), applies the gates it was given ({@code
 * --min-accuracy}, {@code --max-chip-disagreement}) as the real validator does, and writes {@code
 * validation.json} in the validator's format to {@code --output} for the {@code --digest} it was
 * given. The real validator is tested in services/validator.
 */
public final class FakeValidatorMain {
  static final double HELDOUT = 0.951;
  static final double TAIL = 0.932;
  static final double CHIP = 0.004;

  private FakeValidatorMain() {}

  public static void main(String[] argv) throws Exception {
    Map<String, String> args = new HashMap<>();
    for (int i = 0; i + 1 < argv.length; i += 2) {
      args.put(argv[i], argv[i + 1]);
    }
    for (String required : new String[] {"--model", "--digest", "--output", "--suites"}) {
      if (!args.containsKey(required)) {
        System.err.println("missing " + required);
        System.exit(2);
      }
    }
    Double min = args.containsKey("--min-accuracy") ? d(args.get("--min-accuracy")) : null;
    Double max =
        args.containsKey("--max-chip-disagreement") ? d(args.get("--max-chip-disagreement")) : null;
    List<String> reasons = new ArrayList<>();
    List<String> held = new ArrayList<>();
    if (min != null) {
      held.add(
          "accuracy %s %s %s on heldout, %s %s %s on tail"
              .formatted(
                  f(HELDOUT),
                  HELDOUT >= min ? "≥" : "<",
                  f(min),
                  f(TAIL),
                  TAIL >= min ? "≥" : "<",
                  f(min)));
      if (HELDOUT < min) {
        reasons.add("accuracy %s < %s on heldout".formatted(f(HELDOUT), f(min)));
      }
      if (TAIL < min) {
        reasons.add("accuracy %s < %s on tail".formatted(f(TAIL), f(min)));
      }
    }
    if (max != null) {
      held.add(
          "chip disagreement %s %s %s on tail".formatted(f(CHIP), CHIP <= max ? "≤" : ">", f(max)));
      if (CHIP > max) {
        reasons.add("chip disagreement %s > %s on tail".formatted(f(CHIP), f(max)));
      }
    }
    StringBuilder rs = new StringBuilder();
    for (String r : reasons) {
      rs.append(rs.length() == 0 ? "" : ",").append('"').append(r).append('"');
    }
    String json =
        ("{\"model\":\"%s\",\"digest\":\"%s\",\"suites\":[\"heldout\",\"tail\"],\"accuracy\":%s,"
                + "\"perSuite\":{\"heldout\":{\"frames\":1000,\"accuracy\":%s,\"chipDisagreement\":0.002},"
                + "\"tail\":{\"frames\":800,\"accuracy\":%s,\"chipDisagreement\":%s}},"
                + "\"chipDisagreement\":%s,\"gates\":{\"minAccuracy\":%s,\"maxChipDisagreement\":%s},"
                + "\"passed\":%s,\"reasons\":[%s],\"summary\":\"%s\"}")
            .formatted(
                args.get("--model"),
                args.get("--digest"),
                TAIL,
                HELDOUT,
                TAIL,
                CHIP,
                CHIP,
                min,
                max,
                reasons.isEmpty(),
                rs,
                String.join(", ", held));
    MinioClient s3 =
        MinioClient.builder()
            .endpoint(System.getenv("FLEETLOOP_S3_ENDPOINT"))
            .credentials(
                System.getenv("FLEETLOOP_S3_ACCESS_KEY"), System.getenv("FLEETLOOP_S3_SECRET_KEY"))
            .region("us-east-1")
            .build();
    URI u = URI.create(args.get("--output"));
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    s3.putObject(
        PutObjectArgs.builder().bucket(u.getHost()).object(u.getPath().substring(1)).stream(
                new ByteArrayInputStream(bytes), bytes.length, -1)
            .build());
    System.out.println("validation " + (reasons.isEmpty() ? "passed" : "failed"));
    // the S3 client's HTTP threads would keep the JVM alive for another minute
    System.exit(0);
  }

  private static double d(String s) {
    return Double.parseDouble(s);
  }

  private static String f(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }
}
