package io.fleetloop.audit.store;

/** A failure of the audit store's database. */
public class StoreException extends RuntimeException {
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
