package io.fleetloop.audit.query;

/** The query messages the lineage projection answers (on Axon's query bus). */
public final class LineageQueryMessages {

  private LineageQueryMessages() {}

  /** Which clips and triggers fed a dataset, and which runs trained on it. */
  public record DatasetLineageQuery(String datasetId) {}

  /** Which runs and datasets produced a model, and which releases and cohorts ran it. */
  public record ModelLineageQuery(String modelVersion) {}

  /** Why a release moved, paused, was promoted or rolled back. */
  public record ReleaseHistoryQuery(String releaseId) {}

  /** Which datasets and models a clip fed. */
  public record ClipLineageQuery(String clipId) {}

  /** Nothing in the projection answers the question. */
  public static class NotFoundException extends RuntimeException {
    public NotFoundException(String message) {
      super(message);
    }
  }
}
