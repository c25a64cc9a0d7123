package io.berth.container;

import io.berth.errors.BerthException;

/**
 * Docker's {@code --restart}: never, always, on a non-zero exit up to {@code maxRetries} times (0:
 * without limit), or always unless the user stopped it.
 */
public record RestartPolicy(Mode mode, int maxRetries) {

  /** The policy of a container run without {@code --restart}. */
  public static final RestartPolicy NO = new RestartPolicy(Mode.NO, 0);

  /** The four policies, with the names Docker's API spells. */
  public enum Mode {
    NO("no"),
    ALWAYS("always"),
    ON_FAILURE("on-failure"),
    UNLESS_STOPPED("unless-stopped");

    private final String wire;

    Mode(String wire) {
      this.wire = wire;
    }

    /** The name as Docker spells it: {@code on-failure}. */
    public String wire() {
      return wire;
    }
  }

  public RestartPolicy {
    java.util.Objects.requireNonNull(mode, "mode");
    if (maxRetries < 0) {
      throw BerthException.invalid("invalid restart policy: negative maximum retry count");
    }
    if (maxRetries > 0 && mode != Mode.ON_FAILURE) {
      throw BerthException.invalid(
          "invalid restart policy: maximum retry count can only be used with 'on-failure'");
    }
  }

  /** The policy named as the API's {@code RestartPolicy.Name} ({@code ""} means no). */
  public static RestartPolicy of(String name, int maxRetries) {
    for (Mode m : Mode.values()) {
      if (m.wire.equals(name)) {
        return new RestartPolicy(m, maxRetries);
      }
    }
    if (name.isEmpty()) {
      return new RestartPolicy(Mode.NO, maxRetries);
    }
    throw BerthException.invalid(
        "invalid restart policy: unknown policy '%s'; use one of 'no', 'always', 'on-failure' or"
            + " 'unless-stopped'",
        name);
  }

  /**
   * Whether a container that ended with {@code exitCode} after {@code restarts} restarts comes
   * back; never after the user stopped it.
   */
  public boolean restarts(int exitCode, int restarts, boolean stoppedByUser) {
    if (stoppedByUser) {
      return false;
    }
    return switch (mode) {
      case NO -> false;
      case ALWAYS, UNLESS_STOPPED -> true;
      case ON_FAILURE -> exitCode != 0 && (maxRetries == 0 || restarts < maxRetries);
    };
  }
}
