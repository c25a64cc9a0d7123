package io.berth.container;

import io.berth.errors.BerthException;

/** What {@code wait} waits for, as the API's {@code condition} spells it. */
public enum WaitCondition {
  /** The container is not running (returns at once when it already is not). */
  NOT_RUNNING,
  /** The container's next exit, even if it is not running now. */
  NEXT_EXIT,
  /** The container has been removed. */
  REMOVED;

  public static WaitCondition parse(String text) {
    return switch (text) {
      case "", "not-running" -> NOT_RUNNING;
      case "next-exit" -> NEXT_EXIT;
      case "removed" -> REMOVED;
      default ->
          throw BerthException.invalid(
              "invalid condition: \"%s\" (expected not-running, next-exit or removed)", text);
    };
  }
}
