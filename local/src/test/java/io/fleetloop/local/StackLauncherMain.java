package io.fleetloop.local;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

/**
 * A minimal launcher for {@link StackControlIT}: starts a persistent stack in the data directory
 * given as the first argument with the components named in the second (comma-separated ids), prints
 * {@code READY}, and runs until it is stopped or killed.
 */
public final class StackLauncherMain {

  private StackLauncherMain() {}

  public static void main(String[] args) throws Exception {
    Set<ComponentKind> kinds = EnumSet.noneOf(ComponentKind.class);
    for (String id : args[1].split(",")) {
      kinds.add(ComponentKind.fromId(id));
    }
    LocalStack stack =
        LocalStack.start(LocalStackOptions.local(Path.of(args[0])).withComponents(kinds));
    Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "stack-launcher-shutdown"));
    System.out.println("READY");
    System.out.flush();
    Thread.currentThread().join();
  }
}
