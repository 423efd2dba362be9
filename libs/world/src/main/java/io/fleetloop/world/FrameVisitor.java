package io.fleetloop.world;

/**
 * Receives every simulated frame, e.g. to evaluate DataTriggers or to collect training samples.
 *
 * <p>Calls come from the simulator's worker threads, concurrently: {@link FrameView#worker()} says
 * which (0 .. threads − 1), so a visitor can keep per-worker state without locks. One vehicle's
 * frames arrive in time order on one worker; frames of different vehicles interleave in an
 * unspecified (but deterministic) order. The {@link FrameView} is reused for the next frame after
 * {@code visit} returns: copy what must outlive the call ({@link FrameView#toFrame()} and friends
 * allocate records).
 */
@FunctionalInterface
public interface FrameVisitor {
  void visit(FrameView frame);
}
