package io.fleetloop.audit.command;

import static io.fleetloop.audit.command.EventRejectedException.invalid;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.fleetloop.audit.api.StreamKind;
import io.fleetloop.audit.api.event.ClipsIngested;
import io.fleetloop.audit.api.event.IngestedClip;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.CreationPolicy;

/** A device's ingested clips, one event per ingest batch. */
public class DeviceAggregate extends ResourceAggregate {

  private long batches;
  private long clips;

  public DeviceAggregate() {}

  @CommandHandler
  @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
  public Decision handle(RecordDeviceEvent cmd) {
    checkVersion(cmd.expectedVersion());
    Check.streamId(cmd.deviceId(), StreamKind.DEVICE, "deviceId");
    Check.same(cmd.deviceId(), cmd.event().aggregateId(), "deviceId");
    ClipsIngested e = (ClipsIngested) cmd.event();
    Check.notBlank(e.batchId(), "batchId");
    if (e.clips().isEmpty()) {
      throw invalid("a batch has at least one clip");
    }
    if (e.clips().size() > ClipsIngested.MAX_CLIPS) {
      throw invalid("a batch has at most " + ClipsIngested.MAX_CLIPS + " clips");
    }
    Check.unique(e.clips().stream().map(IngestedClip::clipId).toList(), "clips.clipId");
    String checkedTrigger = null; // a batch's clips mostly share one trigger: parse it once
    for (IngestedClip clip : e.clips()) {
      if (clip.triggerId() != null && !clip.triggerId().equals(checkedTrigger)) {
        Check.streamId(clip.triggerId(), StreamKind.DATATRIGGER, "clips.triggerId");
        checkedTrigger = clip.triggerId();
      }
      if (clip.digest() != null) {
        Check.digest(clip.digest(), "clips.digest");
      }
      if (clip.bytes() < 0) {
        throw invalid("clips.bytes must be >= 0");
      }
    }
    apply(e);
    return Decision.APPENDED;
  }

  @EventSourcingHandler
  void on(ClipsIngested e) {
    id = e.deviceId();
    batches++;
    clips += e.clips().size();
  }
}
