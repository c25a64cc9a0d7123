package io.berth.runtime;

import java.util.List;
import java.util.Optional;

/**
 * The numeric identity a container's process gets, as {@link UserResolver} found it in the image:
 * uid, primary gid, supplementary gids, and the home directory for {@code HOME}.
 */
public record ResolvedUser(int uid, int gid, List<Integer> additionalGids, String home) {

  public ResolvedUser {
    if (uid < 0 || gid < 0) {
      throw io.berth.errors.BerthException.invalid("uid and gid must be >= 0, got %d:%d", uid, gid);
    }
    additionalGids = List.copyOf(additionalGids);
  }

  /** Root, home {@code /root}, no supplementary groups. */
  public static ResolvedUser root() {
    return new ResolvedUser(0, 0, List.of(), "/root");
  }

  /** The runtime spec's {@code process.user}. */
  public ProcessSpec.User toSpec() {
    return new ProcessSpec.User(uid, gid, Optional.empty(), additionalGids);
  }
}
