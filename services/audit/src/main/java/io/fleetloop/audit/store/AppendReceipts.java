package io.fleetloop.audit.store;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the receipts of the events appended in one unit of work, in append order. Register one
 * as the root unit of work's {@link #RESOURCE} before dispatching; read it after the commit.
 */
public final class AppendReceipts {

  public static final String RESOURCE = AppendReceipts.class.getName();

  private final List<AppendReceipt> receipts = new ArrayList<>();

  synchronized void add(AppendReceipt receipt) {
    receipts.add(receipt);
  }

  public synchronized List<AppendReceipt> all() {
    return List.copyOf(receipts);
  }
}
