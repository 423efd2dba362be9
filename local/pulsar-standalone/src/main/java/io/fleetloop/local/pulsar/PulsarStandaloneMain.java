package io.fleetloop.local.pulsar;

import io.fleetloop.local.child.ParentWatchdog;
import org.apache.pulsar.PulsarStandaloneStarter;

/**
 * Entry point of the Pulsar child JVM started by the local stack ({@code PulsarComponent} in
 * fleetloop-local): starts the {@link ParentWatchdog}, then runs the real {@code pulsar standalone}
 * with the given arguments.
 */
public final class PulsarStandaloneMain {

  private PulsarStandaloneMain() {}

  public static void main(String[] args) throws Exception {
    ParentWatchdog.startFromSystemProperties();
    PulsarStandaloneStarter.main(args);
  }
}
