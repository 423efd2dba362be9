package io.fleetloop.audit.command;

import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;

/** What every record command shares: the stream it targets and the writer's expected version. */
public interface RecordCommand {

  /** The target stream (aggregate identifier). */
  String streamId();

  /** The version the writer expects the stream at, or null. */
  Long expectedVersion();

  /**
   * Resolves the target from {@link #streamId()} directly: the annotation-driven resolver reads
   * annotations reflectively on every command, a measurable cost on the batched append path. The
   * version is checked by the aggregates themselves, so it is not passed to the repository.
   */
  CommandTargetResolver TARGET_RESOLVER =
      command -> {
        if (command.getPayload() instanceof RecordCommand r) {
          return new VersionedAggregateIdentifier(r.streamId(), null);
        }
        throw new IllegalArgumentException(
            "not a record command: " + command.getPayloadType().getName());
      };
}
