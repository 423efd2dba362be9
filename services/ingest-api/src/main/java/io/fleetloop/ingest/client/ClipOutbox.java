package io.fleetloop.ingest.client;

import java.util.List;

/**
 * Store-and-forward hook: where a device parks clips it could not deliver (offline, ingest
 * unavailable, rate-limited) until {@link IngestClient#forward(ClipOutbox)} runs again. A device
 * keeps it on flash; {@link InMemoryClipOutbox} is the in-memory version for the simulator.
 */
public interface ClipOutbox {

  /** Keeps a clip for a later attempt (same clip id: the server deduplicates). */
  void hold(IngestClient.Clip clip);

  /** Removes and returns every held clip, oldest first. */
  List<IngestClient.Clip> drain();

  int size();
}
