package io.fleetloop.loop;

import io.fleetloop.ingest.client.IngestClient;

/**
 * A clip that left a vehicle's outbox: what ingest would have stored.
 *
 * @param vehicle the vehicle index
 * @param sequence the vehicle's capture order
 * @param clip the upload (header and payload)
 */
public record UploadedClip(int vehicle, long sequence, IngestClient.Clip clip) {}
