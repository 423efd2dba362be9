package io.fleetloop.curator.server;

/** A snapshot would hold no (or too few) new clips; the message starts with "empty dataset:". */
public class EmptyDatasetException extends Exception {
  /** With the reason. */
  public EmptyDatasetException(String message) {
    super(message);
  }
}
