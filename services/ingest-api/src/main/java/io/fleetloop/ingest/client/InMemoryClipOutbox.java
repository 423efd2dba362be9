package io.fleetloop.ingest.client;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** A {@link ClipOutbox} in memory, bounded: the oldest clip is dropped when full. */
public final class InMemoryClipOutbox implements ClipOutbox {

  private final ArrayDeque<IngestClient.Clip> clips = new ArrayDeque<>();
  private final int capacity;
  private long dropped;

  public InMemoryClipOutbox(int capacity) {
    this.capacity = capacity;
  }

  @Override
  public synchronized void hold(IngestClient.Clip clip) {
    if (clips.size() >= capacity) {
      clips.pollFirst();
      dropped++;
    }
    clips.addLast(clip);
  }

  @Override
  public synchronized List<IngestClient.Clip> drain() {
    List<IngestClient.Clip> all = new ArrayList<>(clips);
    clips.clear();
    return all;
  }

  @Override
  public synchronized int size() {
    return clips.size();
  }

  /** Clips dropped because the outbox was full. */
  public synchronized long dropped() {
    return dropped;
  }
}
