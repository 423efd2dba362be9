package io.fleetloop.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Loopback ports. */
public final class Ports {

  public static final String LOOPBACK = "127.0.0.1";

  private Ports() {}

  /** A port that is free on 127.0.0.1 right now (the OS picks it). */
  public static int freeLoopbackPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new ComponentStartException("cannot find a free port on " + LOOPBACK, e);
    }
  }

  /**
   * Returns {@code port} if it is free on 127.0.0.1, a free port if it is 0, and fails with a clear
   * message if something already listens there.
   */
  public static int requireFree(int port, String what) {
    if (port == 0) {
      return freeLoopbackPort();
    }
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(LOOPBACK))) {
      socket.setReuseAddress(true);
      return port;
    } catch (IOException e) {
      throw new ComponentStartException(
          "port "
              + port
              + " for "
              + what
              + " is already in use on "
              + LOOPBACK
              + " (is another local stack running? try `fleetloop status` / `fleetloop down`)",
          e);
    }
  }

  /** Whether something accepts TCP connections on 127.0.0.1:{@code port}. */
  public static boolean isListening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(LOOPBACK, port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
