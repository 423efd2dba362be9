package io.fleetloop.curator.core;

/** Why a ClipIngested message cannot be curated. */
public enum PoisonReason {
  /** The message bytes are not a ClipIngested protobuf (or miss the header). */
  UNPARSEABLE,
  /** The payload object named by the message does not exist in object storage. */
  MISSING_OBJECT,
  /** The payload's sha256 is not the digest the message names. */
  DIGEST_MISMATCH,
  /** The payload is not a clip ClipFormat can read (or names an unknown codec). */
  UNREADABLE_PAYLOAD,
  /** Object storage could not be reached (retried like poison; may be transient). */
  STORAGE_UNAVAILABLE
}
