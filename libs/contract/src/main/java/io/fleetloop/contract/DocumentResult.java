package io.fleetloop.contract;

import java.util.List;

/**
 * The outcome for one document of a manifest file.
 *
 * @param file the file, as found (relative to what was given)
 * @param document the document's position in the file, from 1 (0 when the file could not be read)
 * @param item the position in a {@code kind: List}'s items, from 0, or -1
 * @param note why the document was skipped or the file unreadable, else null
 */
public record DocumentResult(
    String file,
    int document,
    int item,
    String apiVersion,
    String kind,
    String name,
    String namespace,
    Outcome outcome,
    List<Violation> violations,
    String note) {

  public enum Outcome {
    /** The API server would accept it. */
    VALID,
    /** The API server would reject it; see the violations. */
    INVALID,
    /** Not a resource of the loaded CRDs' groups (a Deployment, a Kustomization, ...). */
    SKIPPED,
    /** The file could not be read or parsed. */
    UNREADABLE
  }

  public DocumentResult {
    violations = List.copyOf(violations);
  }

  static DocumentResult unreadable(String file, String why) {
    return new DocumentResult(
        file, 0, -1, null, null, null, null, Outcome.UNREADABLE, List.of(), why);
  }

  /** {@code Kind/name} as printed in reports. */
  public String displayName() {
    return (kind == null || kind.isEmpty() ? "<no kind>" : kind)
        + "/"
        + (name == null || name.isEmpty() ? "<no name>" : name);
  }

  /** {@code file:doc#N} (with {@code .items[i]} inside a List). */
  public String position() {
    return file + ":doc#" + document + (item >= 0 ? ".items[" + item + "]" : "");
  }
}
