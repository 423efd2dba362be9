package io.fleetloop.trigger;

/**
 * Why a condition did not compile, and where.
 *
 * <p>{@link #toString()} is what a user should read — the position, the message (the CEL checker's
 * or parser's own text, plus a hint where one helps) and the offending line with a caret:
 *
 * <pre>
 * 1:7: undefined field 'takover' (did you mean 'takeover'?)
 *  | frame.takover
 *  | ......^
 * </pre>
 *
 * @param message the error, without position, e.g. {@code undefined field 'takover'}
 * @param line 1-based line, or 0 when the error has no position
 * @param column 1-based column in code points, or 0 when the error has no position
 * @param offset 0-based offset into the condition in code points, or -1 when the error has no
 *     position
 * @param snippet the offending line and a caret under the column ({@code " | frame.takover\n |
 *     ......^"}), or {@code ""} when the error has no position
 */
public record CompileError(String message, int line, int column, int offset, String snippet) {

  /** An error that belongs to the condition as a whole (empty, too long). */
  static CompileError withoutPosition(String message) {
    return new CompileError(message, 0, 0, -1, "");
  }

  /** {@code line:column: message}, one line, e.g. for a status condition's message. */
  public String summary() {
    return line > 0 ? line + ":" + column + ": " + message : message;
  }

  /** {@link #summary()} followed by the caret snippet. */
  @Override
  public String toString() {
    return snippet.isEmpty() ? summary() : summary() + "\n" + snippet;
  }
}
