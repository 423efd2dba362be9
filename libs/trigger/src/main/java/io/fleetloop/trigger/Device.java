package io.fleetloop.trigger;

import java.util.Map;
import java.util.Objects;

/**
 * The device evaluating the trigger: the CEL variable {@code device}. Built once per device, not
 * per frame. See {@link TriggerVariables#DEVICE}.
 *
 * @param id the device id (CEL {@code string})
 * @param labels the device's labels, as in the fleet selector (CEL {@code map(string, string)});
 *     copied, immutable
 * @param hardware the device's compute hardware, e.g. {@code "fsd-hw4"} (CEL {@code string})
 */
public record Device(String id, Map<String, String> labels, String hardware) {

  public Device {
    Objects.requireNonNull(id, "id");
    labels = Map.copyOf(labels);
    Objects.requireNonNull(hardware, "hardware");
  }
}
