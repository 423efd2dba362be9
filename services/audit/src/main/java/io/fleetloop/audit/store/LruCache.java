package io.fleetloop.audit.store;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;

/**
 * A bounded in-memory aggregate cache (least recently used out), so that hot streams (a release
 * that moves, a device that uploads) are not replayed from the store for every event. Axon removes
 * an entry whenever the unit of work that used it rolls back.
 */
public final class LruCache implements Cache {

  private final Map<Object, Object> entries;

  public LruCache(int capacity) {
    this.entries =
        new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Object, Object> eldest) {
            return size() > capacity;
          }
        };
  }

  @Override
  @SuppressWarnings("unchecked")
  public synchronized <K, V> V get(K key) {
    return (V) entries.get(key);
  }

  @Override
  public synchronized void put(Object key, Object value) {
    entries.put(key, value);
  }

  @Override
  public synchronized boolean putIfAbsent(Object key, Object value) {
    return entries.putIfAbsent(key, value) == null;
  }

  @Override
  public synchronized boolean remove(Object key) {
    return entries.remove(key) != null;
  }

  @Override
  public synchronized void removeAll() {
    entries.clear();
  }

  @Override
  public synchronized boolean containsKey(Object key) {
    return entries.containsKey(key);
  }

  @Override
  @SuppressWarnings("unchecked")
  public synchronized <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
    entries.computeIfPresent(key, (k, v) -> update.apply((V) v));
  }

  @Override
  public Registration registerCacheEntryListener(EntryListener cacheEntryListener) {
    return () -> true;
  }
}
