package io.fleetloop.audit.api.event;

/**
 * A slice of the fleet chosen by consistent hashing of device ids.
 *
 * @param name e.g. {@code shadow}, {@code stage-2}
 * @param percent share of the targeted devices
 * @param devices number of devices in the slice when it was chosen
 */
public record Cohort(String name, int percent, long devices) {}
