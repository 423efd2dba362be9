package io.fleetloop.release.server;

/** Who is calling: a device (proved by its device token) or a service (the service token). */
sealed interface Caller {

  /** A device, as its token proves. */
  record Device(String deviceId) implements Caller {}

  /** A service holding the service token (the operator). */
  record Service() implements Caller {}
}
