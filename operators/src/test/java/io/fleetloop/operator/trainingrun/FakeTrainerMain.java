package io.fleetloop.operator.trainingrun;

import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * A stand-in for the reference trainer (contract C) in the ITs, run by the node agent as a Job's
 * pod: parses the trainer's arguments, writes {@code model.flm} and {@code metrics.json} under
 * {@code --output} in S3 (credentials from the contract's environment variables). What it does is
 * chosen by the system property {@code fake.mode}:
 *
 * <ul>
 *   <li>{@code ok}: a model and matching metrics;
 *   <li>{@code fail}: exit 1 with a message on stderr;
 *   <li>{@code corrupt}: metrics.json reports a digest the model's bytes do not have;
 *   <li>{@code hold}: waits until the file {@code fake.release} exists, then as {@code ok}.
 * </ul>
 */
public final class FakeTrainerMain {

  private FakeTrainerMain() {}

  public static void main(String[] argv) throws Exception {
    Map<String, String> args = new HashMap<>();
    for (int i = 0; i + 1 < argv.length; i += 2) {
      args.put(argv[i], argv[i + 1]);
    }
    for (String required : new String[] {"--phase", "--precision", "--epochs", "--output"}) {
      if (!args.containsKey(required)) {
        System.err.println("missing " + required);
        System.exit(2);
      }
    }
    String mode = System.getProperty("fake.mode", "ok");
    if (mode.equals("fail")) {
      System.err.println("fake trainer: failing as told (phase " + args.get("--phase") + ")");
      System.exit(1);
    }
    if (mode.equals("hold")) {
      Path release = Path.of(System.getProperty("fake.release"));
      while (!Files.exists(release)) {
        Thread.sleep(50);
      }
    }
    int epochs = Integer.parseInt(args.get("--epochs"));
    for (int e = 1; e <= epochs; e++) {
      System.out.printf("epoch %d/%d loss=%.2f accuracy=%.2f%n", e, epochs, 1.0 / e, 0.9);
    }
    byte[] model =
        ("model " + args.get("--phase") + " " + args.get("--dataset-id") + " " + args.get("--base"))
            .getBytes(StandardCharsets.UTF_8);
    String digest =
        "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(model));
    if (mode.equals("corrupt")) {
      digest = "sha256:" + "0".repeat(64);
    }
    String output = args.get("--output");
    String artifact = output + "/model.flm";
    String metrics =
        ("{\"phase\":\"%s\",\"precision\":\"%s\",\"epochs\":%d,\"samples\":128,\"loss\":0.25,"
                + "\"accuracy\":0.93,\"rareAccuracy\":0.81,\"modelDigest\":\"%s\",\"artifact\":\"%s\"}")
            .formatted(args.get("--phase"), args.get("--precision"), epochs, digest, artifact);
    MinioClient s3 =
        MinioClient.builder()
            .endpoint(System.getenv("FLEETLOOP_S3_ENDPOINT"))
            .credentials(
                System.getenv("FLEETLOOP_S3_ACCESS_KEY"), System.getenv("FLEETLOOP_S3_SECRET_KEY"))
            .region("us-east-1")
            .build();
    put(s3, artifact, model);
    put(s3, output + "/metrics.json", metrics.getBytes(StandardCharsets.UTF_8));
    System.out.println("wrote " + artifact);
    // the S3 client's HTTP threads would keep the JVM alive for another minute
    System.exit(0);
  }

  private static void put(MinioClient s3, String uri, byte[] bytes) throws Exception {
    URI u = URI.create(uri);
    s3.putObject(
        PutObjectArgs.builder().bucket(u.getHost()).object(u.getPath().substring(1)).stream(
                new ByteArrayInputStream(bytes), bytes.length, -1)
            .build());
  }
}
