package io.fleetloop.local.s3;

import io.fleetloop.local.child.ParentWatchdog;

/**
 * Entry point of the S3 child JVM started by the local stack ({@code S3Component} in
 * fleetloop-local): starts the {@link ParentWatchdog}, then runs S3Proxy ({@code
 * org.gaul.s3proxy.Main}) with the given arguments ({@code --properties <file>}).
 */
public final class S3ServerMain {

  private S3ServerMain() {}

  public static void main(String[] args) throws Exception {
    ParentWatchdog.startFromSystemProperties();
    org.gaul.s3proxy.Main.main(args);
  }
}
