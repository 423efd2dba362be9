package io.fleetloop.validator;

import io.fleetloop.trainer.ObjectStore;
import io.fleetloop.world.PolicyModel;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference validator's container entrypoint: loads the model artifact from S3 (refused unless
 * its bytes have the registered digest), builds the validation suites from the reference world,
 * measures the model, applies the gates and writes {@code validation.json} (see {@link
 * ValidationReport}). Prints one progress line per suite and a final {@code validation
 * passed|failed: ...} line to stdout (logs go to stderr).
 *
 * <p>Exit status 0 when the report was written, whether the model passed or not (the report says);
 * 2 on bad arguments or a missing environment variable; 1 on any failure (digest mismatch, missing
 * model, S3 error) with the message on stderr. Environment: {@code FLEETLOOP_S3_ENDPOINT}, {@code
 * FLEETLOOP_S3_ACCESS_KEY}, {@code FLEETLOOP_S3_SECRET_KEY}.
 */
public final class ValidatorMain {
  /** Exit status when the report was written. */
  public static final int OK = 0;

  /** Exit status on a failure. */
  public static final int FAILED = 1;

  /** Exit status on bad arguments or environment. */
  public static final int BAD_ARGUMENTS = 2;

  private static final Logger LOG = LoggerFactory.getLogger(ValidatorMain.class);

  private ValidatorMain() {}

  public static void main(String[] args) {
    System.exit(run(args, System.getenv(), System.out, System.err));
  }

  /** Runs the entrypoint in this JVM; returns the exit status. */
  public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    ValidatorArgs a;
    ObjectStore store;
    try {
      a = ValidatorArgs.parse(args);
      store =
          ObjectStore.connect(
              requireEnv(env, "FLEETLOOP_S3_ENDPOINT"),
              requireEnv(env, "FLEETLOOP_S3_ACCESS_KEY"),
              requireEnv(env, "FLEETLOOP_S3_SECRET_KEY"));
    } catch (ValidatorArgs.ArgumentException | IllegalArgumentException e) {
      err.println("validator: " + e.getMessage());
      err.println(ValidatorArgs.USAGE);
      return BAD_ARGUMENTS;
    }
    try {
      ValidationReport report = validate(a, store, out);
      out.println(
          "validation " + (report.passed() ? "passed" : "failed") + ": " + report.summary());
      if (!report.passed()) {
        out.println("reasons: " + String.join("; ", report.reasons()));
      }
      err.println("validator: wrote " + a.output());
      return OK;
    } catch (RuntimeException e) {
      LOG.error("validating {} failed: {}", a.model(), e.getMessage(), e);
      err.println("validator: " + a.model() + ": " + e.getMessage());
      return FAILED;
    } finally {
      out.flush();
    }
  }

  /** Loads, measures, writes; returns the report it wrote. */
  static ValidationReport validate(ValidatorArgs a, ObjectStore store, PrintStream out) {
    PolicyModel model = ModelSource.load(store, a.model(), a.digest());
    LOG.info(
        "validating {} ({}) on suites {} ({} vehicles, {} ticks), gates {}",
        a.model(),
        a.digest(),
        a.suites(),
        a.size().vehicles(),
        a.size().ticks(),
        a.gates());
    List<Suite> suites = Suites.build(a.suites(), a.size());
    ValidationReport report =
        Validator.validate(
            model,
            a.model().toString(),
            a.digest(),
            suites,
            a.gates(),
            line -> {
              out.println(line);
              out.flush();
            });
    store.put(a.output(), report.toJson(), "application/json");
    return report;
  }

  private static String requireEnv(Map<String, String> env, String name) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      throw new ValidatorArgs.ArgumentException("environment variable " + name + " is not set");
    }
    return v;
  }
}
