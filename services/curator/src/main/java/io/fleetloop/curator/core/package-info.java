/** Curation logic without I/O: labeling, balancing, snapshot planning. */
package io.fleetloop.curator.core;
