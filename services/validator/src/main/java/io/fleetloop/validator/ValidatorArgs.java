package io.fleetloop.validator;

import io.fleetloop.trainer.S3Uri;
import java.util.ArrayList;
import java.util.List;

/**
 * The validator's command line.
 *
 * @param model the model artifact ({@code s3://.../model.flm})
 * @param digest the registered digest of its bytes ({@code sha256:<64 hex>})
 * @param output where {@code validation.json} goes (default: next to the model)
 * @param suites the suites to run, in order
 * @param gates the thresholds
 * @param size how much world each suite is driven from
 */
public record ValidatorArgs(
    S3Uri model, String digest, S3Uri output, List<String> suites, Gates gates, Suites.Size size) {

  /** The report's object name next to the model. */
  public static final String REPORT_FILE = "validation.json";

  /** Usage, printed with exit status 2. */
  public static final String USAGE =
      "usage: validator --model s3://BUCKET/.../model.flm --digest sha256:HEX"
          + " [--output s3://BUCKET/.../validation.json] [--suites heldout,tail]"
          + " [--min-accuracy 0..1] [--max-chip-disagreement 0..1] [--vehicles N] [--ticks N]";

  /** Bad arguments or environment (exit status 2). */
  public static final class ArgumentException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ArgumentException(String message) {
      super(message);
    }
  }

  /**
   * Parses the arguments.
   *
   * @throws ArgumentException naming the bad argument
   */
  public static ValidatorArgs parse(String[] args) {
    String model = null;
    String digest = null;
    String output = null;
    String suites = Suites.HELDOUT + "," + Suites.TAIL;
    Double minAccuracy = null;
    Double maxChip = null;
    Suites.Size d = Suites.Size.defaults();
    int vehicles = d.vehicles();
    int ticks = d.ticks();
    for (int i = 0; i < args.length; i += 2) {
      String flag = args[i];
      if (i + 1 >= args.length) {
        throw new ArgumentException(flag + " needs a value");
      }
      String value = args[i + 1];
      switch (flag) {
        case "--model" -> model = value;
        case "--digest" -> digest = value;
        case "--output" -> output = value;
        case "--suites" -> suites = value;
        case "--min-accuracy" -> minAccuracy = fraction(flag, value);
        case "--max-chip-disagreement" -> maxChip = fraction(flag, value);
        case "--vehicles" -> vehicles = positive(flag, value);
        case "--ticks" -> ticks = positive(flag, value);
        default -> throw new ArgumentException("unknown argument " + flag);
      }
    }
    if (model == null) {
      throw new ArgumentException("--model is required");
    }
    if (digest == null || !digest.matches("sha256:[0-9a-f]{64}")) {
      throw new ArgumentException("--digest must be sha256:<64 hex digits>, got " + digest);
    }
    S3Uri modelUri = uri("--model", model);
    S3Uri outputUri =
        output == null
            ? new S3Uri(modelUri.bucket(), sibling(modelUri.key()))
            : uri("--output", output);
    List<String> names = new ArrayList<>();
    for (String s : suites.split(",")) {
      String n = s.trim();
      if (n.isEmpty()) {
        continue;
      }
      if (!Suites.KNOWN.contains(n)) {
        throw new ArgumentException(
            "unknown suite '" + n + "'; known suites: " + Suites.HELDOUT + ", " + Suites.TAIL);
      }
      if (!names.contains(n)) {
        names.add(n);
      }
    }
    if (names.isEmpty()) {
      throw new ArgumentException("--suites names no suite");
    }
    return new ValidatorArgs(
        modelUri,
        digest,
        outputUri,
        List.copyOf(names),
        new Gates(minAccuracy, maxChip),
        new Suites.Size(vehicles, ticks));
  }

  private static String sibling(String key) {
    int slash = key.lastIndexOf('/');
    return slash < 0 ? REPORT_FILE : key.substring(0, slash + 1) + REPORT_FILE;
  }

  private static S3Uri uri(String flag, String value) {
    try {
      S3Uri u = S3Uri.parse(value);
      if (u.key().isEmpty()) {
        throw new ArgumentException(flag + " names no object: " + value);
      }
      return u;
    } catch (IllegalArgumentException e) {
      throw new ArgumentException(flag + ": " + e.getMessage());
    }
  }

  private static double fraction(String flag, String value) {
    try {
      double v = Double.parseDouble(value);
      if (v >= 0 && v <= 1) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ArgumentException(flag + " must be a number between 0 and 1, got " + value);
  }

  private static int positive(String flag, String value) {
    try {
      int v = Integer.parseInt(value);
      if (v > 0) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ArgumentException(flag + " must be a positive integer, got " + value);
  }
}
