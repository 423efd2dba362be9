package io.fleetloop.operator.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.CustomResource;
import io.fleetloop.api.common.Condition;
import io.fleetloop.api.common.Conditions;
import io.fleetloop.api.common.FleetloopStatus;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The status a reconciliation is building for one resource, next to the status it started from, so
 * that it is written only when something changed.
 *
 * <p>The working status is a deep copy: nothing the steps do touches the resource until {@link
 * #applyTo(CustomResource)}. Every call to {@link #set(Finding)} stamps the condition with the
 * resource's generation; {@link #changed()} compares the whole status, kind-specific fields
 * included.
 */
public final class StatusUpdate<S extends FleetloopStatus> {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final JsonNode before;
  private final S status;
  private final long generation;
  private final Clock clock;
  private final List<Transition> transitions = new ArrayList<>();
  private final Map<String, Finding> computed = new LinkedHashMap<>();
  private final Map<String, Condition> removed = new LinkedHashMap<>();

  private StatusUpdate(JsonNode before, S status, long generation, Clock clock) {
    this.before = before;
    this.status = status;
    this.generation = generation;
    this.clock = clock;
  }

  /** Starts from the resource's current status (or an empty one made by {@code empty}). */
  @SuppressWarnings("unchecked")
  public static <S extends FleetloopStatus> StatusUpdate<S> of(
      CustomResource<?, S> resource, Supplier<S> empty, Clock clock) {
    S current = resource.getStatus();
    S working =
        current == null
            ? empty.get()
            : (S) JSON.convertValue(JSON.valueToTree(current), current.getClass());
    JsonNode before = current == null ? null : comparable(current);
    long generation =
        Objects.requireNonNullElse(resource.getMetadata().getGeneration(), Long.valueOf(0L));
    return new StatusUpdate<>(before, working, generation, clock);
  }

  /** The working status, for the kind's own fields. */
  public S status() {
    return status;
  }

  /** The generation the update describes. */
  public long generation() {
    return generation;
  }

  /** Sets the condition {@code finding} describes; records a transition when it changed. */
  public StatusUpdate<S> set(Finding finding) {
    computed.put(finding.type(), finding);
    removed.remove(finding.type());
    Optional<Condition> previous = status.condition(finding.type());
    boolean changed =
        Conditions.set(
            status,
            finding.type(),
            finding.status(),
            finding.reason(),
            finding.message(),
            generation,
            clock.instant());
    boolean meaningful =
        previous.isEmpty()
            || !Objects.equals(previous.get().getStatus(), finding.status())
            || !Objects.equals(previous.get().getReason(), finding.reason())
            || !Objects.equals(previous.get().getMessage(), finding.message());
    if (changed && meaningful) {
      transitions.add(
          new Transition(
              previous.map(Condition::getStatus).orElse(null),
              previous.map(Condition::getReason).orElse(null),
              finding));
    }
    return this;
  }

  /** Removes the condition of {@code type}, if present. */
  public StatusUpdate<S> remove(String type) {
    Optional<Condition> present = status.condition(type);
    if (present.isPresent() && !computed.containsKey(type)) {
      removed.put(type, present.get());
    }
    computed.remove(type);
    Conditions.remove(status, type);
    return this;
  }

  /**
   * Every condition this reconciliation computed ({@link #set}), the last finding per type, in the
   * order first set — changed or not: what the audit log is told, level-triggered.
   */
  public List<Finding> computed() {
    return List.copyOf(computed.values());
  }

  /** The types of the conditions this reconciliation removed that the status had. */
  public List<String> removed() {
    return List.copyOf(removed.keySet());
  }

  /** Conditions whose status, reason or message changed (not those only re-stamped). */
  public List<Transition> transitions() {
    return List.copyOf(transitions);
  }

  /**
   * True when the status differs from the one the reconciliation started from, after stamping
   * {@code observedGeneration}.
   */
  public boolean changed() {
    status.setObservedGeneration(generation);
    return before == null || !before.equals(comparable(status));
  }

  /**
   * The status as it can be stored: the Fabric8 client drops empty arrays from the patches it
   * computes (JOSDK patches the status that way without SSA), so an empty list and a missing one
   * are the same status.
   */
  private static JsonNode comparable(FleetloopStatus status) {
    JsonNode tree = JSON.valueToTree(status);
    removeEmptyArrays(tree);
    return tree;
  }

  private static void removeEmptyArrays(JsonNode node) {
    if (node instanceof ObjectNode object) {
      List<String> empty = new ArrayList<>();
      object
          .properties()
          .forEach(
              e -> {
                if (e.getValue().isArray() && e.getValue().isEmpty()) {
                  empty.add(e.getKey());
                } else {
                  removeEmptyArrays(e.getValue());
                }
              });
      object.remove(empty);
    } else if (node != null && node.isArray()) {
      node.forEach(StatusUpdate::removeEmptyArrays);
    }
  }

  /** A deep copy of the working status, stamped with {@code observedGeneration}. */
  @SuppressWarnings("unchecked")
  public S copy() {
    status.setObservedGeneration(generation);
    return (S) JSON.convertValue(JSON.valueToTree(status), status.getClass());
  }

  /** Puts the working status on {@code resource} (stamped with {@code observedGeneration}). */
  public <R extends CustomResource<?, S>> R applyTo(R resource) {
    status.setObservedGeneration(generation);
    resource.setStatus(status);
    return resource;
  }
}
