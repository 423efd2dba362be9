package io.fleetloop.stats;

/** A stage's verdict, spelled as in FleetRelease {@code status.analysis[].verdict}. */
public enum Verdict {
  /** The stage drove its minimum without the sequential test finding a regression. */
  PASS("Pass"),
  /** The sequential test found a regression, overall or in a condition: roll back. */
  FAIL("Fail"),
  /** Not enough exposure yet, or no regression found so far: keep driving. */
  INCONCLUSIVE("Inconclusive");

  private final String apiValue;

  Verdict(String apiValue) {
    this.apiValue = apiValue;
  }

  /** The value written to the status. */
  public String apiValue() {
    return apiValue;
  }

  @Override
  public String toString() {
    return apiValue;
  }
}
