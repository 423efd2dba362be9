package io.fleetloop.operator;

import io.fleetloop.audit.client.AuditRecorder;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How one operator process runs: what it watches, whether it elects a leader, where it serves
 * health and metrics, where it records its condition transitions.
 *
 * <p>{@link #fromEnv(Map)} reads the container's environment (see {@link Env}); {@link #local()} is
 * the in-process setting used by {@code fleetloop up} and the tests.
 *
 * @param namespaces namespaces to watch; empty watches every namespace (HardwarePool is cluster
 *     scoped and always watched cluster-wide)
 * @param leaderElection the Lease to hold, or empty to run without leader election
 * @param httpHost address the HTTP endpoint binds to ({@code 0.0.0.0} in a container, loopback
 *     in-process)
 * @param httpPort port of {@code /healthz}, {@code /readyz} and {@code /metrics}; 0 picks a free
 *     port, a negative value serves nothing
 * @param reconcileThreads reconciliations run at once (all kinds together)
 * @param clock the clock conditions are stamped with
 * @param audit where every condition transition is recorded before the status is written ({@link
 *     Audit.None}: nowhere, with one warning at start-up)
 */
public record OperatorSettings(
    Set<String> namespaces,
    Optional<LeaderElection> leaderElection,
    String httpHost,
    int httpPort,
    int reconcileThreads,
    Clock clock,
    Audit audit) {

  /** Default Lease name. */
  public static final String DEFAULT_LEASE_NAME = "fleetloop-operator";

  /** Default port of the HTTP endpoint in a container. */
  public static final int DEFAULT_HTTP_PORT = 8080;

  static final String LOOPBACK = "127.0.0.1";
  static final String ALL_INTERFACES = "0.0.0.0";

  /** Default number of concurrent reconciliations. */
  public static final int DEFAULT_RECONCILE_THREADS = 10;

  /** The environment variables {@link #fromEnv(Map)} reads. */
  public static final class Env {
    /** Comma-separated namespaces to watch; unset or empty watches all namespaces. */
    public static final String WATCH_NAMESPACES = "FLEETLOOP_WATCH_NAMESPACES";

    /** {@code true} (default) or {@code false}. */
    public static final String LEADER_ELECTION = "FLEETLOOP_LEADER_ELECTION";

    /** Namespace of the Lease; defaults to the operator's own namespace. */
    public static final String LEASE_NAMESPACE = "FLEETLOOP_LEADER_ELECTION_NAMESPACE";

    /** Name of the Lease; defaults to {@value OperatorSettings#DEFAULT_LEASE_NAME}. */
    public static final String LEASE_NAME = "FLEETLOOP_LEADER_ELECTION_LEASE_NAME";

    /** Identity in the Lease; defaults to the pod name (HOSTNAME). */
    public static final String LEASE_IDENTITY = "FLEETLOOP_LEADER_ELECTION_IDENTITY";

    /** Port of /healthz, /readyz and /metrics; defaults to 8080. */
    public static final String HTTP_PORT = "FLEETLOOP_HTTP_PORT";

    /** Concurrent reconciliations; defaults to 10. */
    public static final String RECONCILE_THREADS = "FLEETLOOP_RECONCILE_THREADS";

    /** The pod's namespace, from the downward API; fallback namespace of the Lease. */
    public static final String POD_NAMESPACE = "POD_NAMESPACE";

    /**
     * {@code host:port} of the audit service's append (internal) gRPC port; unset or empty records
     * nothing (and says so once at start-up).
     */
    public static final String AUDIT_ENDPOINT = "FLEETLOOP_AUDIT_ENDPOINT";

    /** Bearer token of the audit service's append port, when it requires one. */
    public static final String AUDIT_TOKEN = "FLEETLOOP_AUDIT_TOKEN";

    private Env() {}
  }

  /**
   * The Lease a replica must hold before it reconciles.
   *
   * @param leaseName name of the Lease
   * @param leaseNamespace namespace of the Lease; empty uses the client's namespace
   * @param identity identity written into the Lease; empty uses the host name
   * @param leaseDuration how long a Lease is valid without renewal
   * @param renewDeadline how long the leader tries to renew before it gives up
   * @param retryPeriod how often candidates retry
   * @param exitOnLoss exit the JVM when the Lease is lost (in a container: the pod restarts and
   *     becomes a candidate again); in-process, false stops reconciling instead
   */
  public record LeaderElection(
      String leaseName,
      Optional<String> leaseNamespace,
      Optional<String> identity,
      Duration leaseDuration,
      Duration renewDeadline,
      Duration retryPeriod,
      boolean exitOnLoss) {

    public LeaderElection {
      Objects.requireNonNull(leaseName, "leaseName");
      Objects.requireNonNull(leaseNamespace, "leaseNamespace");
      Objects.requireNonNull(identity, "identity");
    }

    /**
     * The Kubernetes defaults (15 s lease, 10 s renew deadline, 2 s retry); a replica that loses
     * the Lease exits.
     */
    public static LeaderElection of(String leaseName, String leaseNamespace) {
      return new LeaderElection(
          leaseName,
          Optional.ofNullable(blankToNull(leaseNamespace)),
          Optional.empty(),
          Duration.ofSeconds(15),
          Duration.ofSeconds(10),
          Duration.ofSeconds(2),
          true);
    }

    /** The same Lease held under another identity. */
    public LeaderElection withIdentity(String identity) {
      return new LeaderElection(
          leaseName,
          leaseNamespace,
          Optional.ofNullable(blankToNull(identity)),
          leaseDuration,
          renewDeadline,
          retryPeriod,
          exitOnLoss);
    }
  }

  /**
   * Where the reconcilers record condition transitions (docs/audit.md): nowhere, the audit service
   * at an endpoint, or a recorder given in-process.
   */
  public sealed interface Audit {

    /** Nothing is recorded; the operator warns once at start-up. */
    record None() implements Audit {}

    /**
     * The audit service's append (internal) port.
     *
     * @param target {@code host:port} (plaintext gRPC)
     * @param appendToken the bearer token the append port requires, if any
     */
    record Endpoint(String target, Optional<String> appendToken) implements Audit {
      public Endpoint {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(appendToken, "appendToken");
        if (target.isBlank()) {
          throw new IllegalArgumentException("the audit endpoint is empty");
        }
      }

      /** Never prints the token. */
      @Override
      public String toString() {
        return "Endpoint[" + target + (appendToken.isPresent() ? ", token ***]" : "]");
      }
    }

    /** A recorder the caller made and owns (tests, an embedding process). */
    record Recorder(AuditRecorder recorder) implements Audit {
      public Recorder {
        Objects.requireNonNull(recorder, "recorder");
      }
    }

    /** Nothing recorded. */
    static Audit none() {
      return new None();
    }
  }

  public OperatorSettings {
    namespaces = Set.copyOf(namespaces);
    Objects.requireNonNull(audit, "audit");
    Objects.requireNonNull(leaderElection, "leaderElection");
    Objects.requireNonNull(httpHost, "httpHost");
    Objects.requireNonNull(clock, "clock");
    if (reconcileThreads < 1) {
      throw new IllegalArgumentException("reconcileThreads must be at least 1");
    }
  }

  /**
   * In-process, for {@code fleetloop up} and tests: every namespace, no leader election (one
   * process), health and metrics on a free port, no audit log until {@link #withAudit} names one.
   */
  public static OperatorSettings local() {
    return new OperatorSettings(
        Set.of(),
        Optional.empty(),
        LOOPBACK,
        0,
        DEFAULT_RECONCILE_THREADS,
        Clock.systemUTC(),
        Audit.none());
  }

  /** In a container: from the environment variables in {@link Env}. */
  public static OperatorSettings fromEnv(Map<String, String> env) {
    Set<String> namespaces =
        Arrays.stream(env.getOrDefault(Env.WATCH_NAMESPACES, "").split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toCollection(LinkedHashSet::new));
    boolean elect =
        parseBoolean(env.getOrDefault(Env.LEADER_ELECTION, "true"), Env.LEADER_ELECTION);
    Optional<LeaderElection> leaderElection =
        elect
            ? Optional.of(
                LeaderElection.of(
                        Optional.ofNullable(blankToNull(env.get(Env.LEASE_NAME)))
                            .orElse(DEFAULT_LEASE_NAME),
                        Optional.ofNullable(blankToNull(env.get(Env.LEASE_NAMESPACE)))
                            .orElse(env.get(Env.POD_NAMESPACE)))
                    .withIdentity(env.get(Env.LEASE_IDENTITY)))
            : Optional.empty();
    int port = parseInt(env.get(Env.HTTP_PORT), DEFAULT_HTTP_PORT, Env.HTTP_PORT);
    int threads =
        parseInt(env.get(Env.RECONCILE_THREADS), DEFAULT_RECONCILE_THREADS, Env.RECONCILE_THREADS);
    String auditEndpoint = blankToNull(env.get(Env.AUDIT_ENDPOINT));
    Audit audit =
        auditEndpoint == null
            ? Audit.none()
            : new Audit.Endpoint(
                auditEndpoint, Optional.ofNullable(blankToNull(env.get(Env.AUDIT_TOKEN))));
    return new OperatorSettings(
        namespaces, leaderElection, ALL_INTERFACES, port, threads, Clock.systemUTC(), audit);
  }

  /** The same settings watching only {@code namespaces} (empty: all). */
  public OperatorSettings watching(Set<String> namespaces) {
    return new OperatorSettings(
        namespaces, leaderElection, httpHost, httpPort, reconcileThreads, clock, audit);
  }

  /** The same settings with leader election on the given Lease. */
  public OperatorSettings withLeaderElection(LeaderElection leaderElection) {
    return new OperatorSettings(
        namespaces,
        Optional.of(leaderElection),
        httpHost,
        httpPort,
        reconcileThreads,
        clock,
        audit);
  }

  /** The same settings serving HTTP on {@code port} (0: a free port, negative: no endpoint). */
  public OperatorSettings withHttpPort(int port) {
    return new OperatorSettings(
        namespaces, leaderElection, httpHost, port, reconcileThreads, clock, audit);
  }

  /** The same settings with another clock. */
  public OperatorSettings withClock(Clock clock) {
    return new OperatorSettings(
        namespaces, leaderElection, httpHost, httpPort, reconcileThreads, clock, audit);
  }

  /**
   * The same settings recording condition transitions to the audit service's append port.
   *
   * @param endpoint {@code host:port}
   * @param appendToken its bearer token, or null when it requires none
   */
  public OperatorSettings withAudit(String endpoint, String appendToken) {
    return withAudit(new Audit.Endpoint(endpoint, Optional.ofNullable(blankToNull(appendToken))));
  }

  /**
   * The same settings recording condition transitions through {@code recorder} (owned by the
   * caller).
   */
  public OperatorSettings withAuditRecorder(AuditRecorder recorder) {
    return withAudit(new Audit.Recorder(recorder));
  }

  /** The same settings with {@code audit}. */
  public OperatorSettings withAudit(Audit audit) {
    return new OperatorSettings(
        namespaces, leaderElection, httpHost, httpPort, reconcileThreads, clock, audit);
  }

  private static boolean parseBoolean(String value, String name) {
    String v = value.trim().toLowerCase(java.util.Locale.ROOT);
    if (v.equals("true") || v.equals("false")) {
      return Boolean.parseBoolean(v);
    }
    throw new IllegalArgumentException(name + " must be true or false, got '" + value + "'");
  }

  private static int parseInt(String value, int fallback, String name) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an integer, got '" + value + "'", e);
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
