/**
 * The dataset manifest shared by the curator (which writes it) and the trainer (which reads it):
 * canonical JSON, content-addressed, immutable. See docs/curation.md.
 */
package io.fleetloop.dataset;
