package io.fleetloop.contract;

/**
 * Something wrong with a CRD itself: an error the API server would reject the CRD for (a rule that
 * does not compile, a default that violates its own schema, ...), or a warning (a rule over an
 * unbounded list or string, a keyword this checker does not evaluate).
 *
 * @param crd the CRD's name ({@code fleetreleases.fleetloop.io})
 * @param version the version's name ({@code v1alpha1})
 * @param field the schema node, as a field path ({@code spec.stages}, list items as {@code [*]});
 *     empty for the root
 * @param location what at that node ({@code x-kubernetes-validations[1].rule}, {@code default},
 *     {@code maxItems}, ...)
 * @param message what is wrong, naming the rule where there is one
 */
public record CrdProblem(
    Severity severity, String crd, String version, String field, String location, String message) {

  public enum Severity {
    ERROR,
    WARNING
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  @Override
  public String toString() {
    String where = field.isEmpty() ? "<root>" : field;
    return severity
        + " "
        + crd
        + " "
        + version
        + " "
        + where
        + (location.isEmpty() ? "" : " " + location)
        + ": "
        + message;
  }
}
