package io.fleetloop.curator.consume;

import io.fleetloop.curator.core.PoisonReason;
import io.fleetloop.curator.core.PoisonReport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Counters of the curator ({@code fleetloop.curator.clips{outcome}}, {@code
 * fleetloop.curator.poison{reason}}) and the most recent {@link PoisonReport}s.
 */
public final class CurationMetrics {
  /** How many poison reports are kept. */
  public static final int MAX_REPORTS = 1_000;

  private final Counter labeled;
  private final Counter alreadyLabeled;
  private final Counter duplicateContent;
  private final Counter retried;
  private final Map<PoisonReason, Counter> poison = new EnumMap<>(PoisonReason.class);
  private final Deque<PoisonReport> reports = new ArrayDeque<>();

  /** Registers the meters in {@code meters}. */
  public CurationMetrics(MeterRegistry meters) {
    labeled = clips(meters, "labeled");
    alreadyLabeled = clips(meters, "already-labeled");
    duplicateContent = clips(meters, "duplicate-content");
    retried = clips(meters, "retried");
    for (PoisonReason r : PoisonReason.values()) {
      poison.put(
          r,
          Counter.builder("fleetloop.curator.poison")
              .description("messages sent to the dead-letter topic")
              .tag("reason", r.name())
              .register(meters));
    }
  }

  private static Counter clips(MeterRegistry meters, String outcome) {
    return Counter.builder("fleetloop.curator.clips")
        .description("ClipIngested messages by outcome")
        .tag("outcome", outcome)
        .register(meters);
  }

  void labeled(int n) {
    labeled.increment(n);
  }

  void alreadyLabeled() {
    alreadyLabeled.increment();
  }

  void duplicateContent() {
    duplicateContent.increment();
  }

  void retried() {
    retried.increment();
  }

  synchronized void poisoned(PoisonReport report) {
    poison.get(report.reason()).increment();
    reports.addLast(report);
    while (reports.size() > MAX_REPORTS) {
      reports.removeFirst();
    }
  }

  /** Clips labeled by this process. */
  public long labeled() {
    return (long) labeled.count();
  }

  /** Redelivered clips found labeled already. */
  public long alreadyLabeledCount() {
    return (long) alreadyLabeled.count();
  }

  /** Clips whose content was labeled under another clip id. */
  public long duplicateContentCount() {
    return (long) duplicateContent.count();
  }

  /** Messages sent to the dead-letter topic. */
  public synchronized long poisoned() {
    return reports.size() < MAX_REPORTS
        ? reports.size()
        : (long) poison.values().stream().mapToDouble(Counter::count).sum();
  }

  /** The most recent poison reports, oldest first. */
  public synchronized List<PoisonReport> poisonReports() {
    return List.copyOf(reports);
  }
}
