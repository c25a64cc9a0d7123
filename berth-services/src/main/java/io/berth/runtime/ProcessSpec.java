package io.berth.runtime;

import io.berth.errors.BerthException;
import io.berth.errors.ErrorKind;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The process a container runs, as the runtime spec's {@code process} object (config.md,
 * "Process"); also what an exec runs inside a running container. {@code consoleSize} matters only
 * with {@code terminal}.
 */
public record ProcessSpec(
    boolean terminal,
    User user,
    List<String> args,
    List<String> env,
    String cwd,
    Optional<Capabilities> capabilities,
    List<Rlimit> rlimits,
    boolean noNewPrivileges,
    Optional<Integer> oomScoreAdj,
    Optional<String> apparmorProfile,
    ConsoleSize consoleSize) {

  public ProcessSpec {
    Objects.requireNonNull(user, "user");
    args = List.copyOf(args);
    env = List.copyOf(env);
    Objects.requireNonNull(cwd, "cwd");
    Objects.requireNonNull(capabilities, "capabilities");
    rlimits = List.copyOf(rlimits);
    Objects.requireNonNull(oomScoreAdj, "oomScoreAdj");
    Objects.requireNonNull(apparmorProfile, "apparmorProfile");
    Objects.requireNonNull(consoleSize, "consoleSize");
    if (args.isEmpty()) {
      throw new BerthException(
          ErrorKind.INVALID_ARGUMENT, "process.args must name at least the executable");
    }
    if (!cwd.startsWith("/")) {
      throw new BerthException(
          ErrorKind.INVALID_ARGUMENT, "process.cwd must be an absolute path, got: " + cwd);
    }
    env.forEach(ProcessSpec::checkEnv);
  }

  private static void checkEnv(String entry) {
    if (entry.indexOf('=') <= 0) {
      throw new BerthException(
          ErrorKind.INVALID_ARGUMENT, "process.env entry must read KEY=value, got: " + entry);
    }
  }

  /** The same process with other arguments, for an exec that reuses a container's settings. */
  public ProcessSpec withArgs(List<String> newArgs) {
    return new ProcessSpec(
        terminal,
        user,
        newArgs,
        env,
        cwd,
        capabilities,
        rlimits,
        noNewPrivileges,
        oomScoreAdj,
        apparmorProfile,
        consoleSize);
  }

  /** The numeric identity the process runs as (config.md, "User", POSIX platforms). */
  public record User(int uid, int gid, Optional<Integer> umask, List<Integer> additionalGids) {
    public User {
      if (uid < 0 || gid < 0) {
        throw new BerthException(
            ErrorKind.INVALID_ARGUMENT, "uid and gid must be >= 0, got " + uid + ":" + gid);
      }
      Objects.requireNonNull(umask, "umask");
      additionalGids = List.copyOf(additionalGids);
    }

    /** Root, with no supplementary groups. */
    public static User root() {
      return new User(0, 0, Optional.empty(), List.of());
    }
  }

  /**
   * The capability sets, each a list of {@code CAP_…} names (config.md, "capabilities"); Docker
   * leaves the inheritable set empty.
   */
  public record Capabilities(
      List<String> bounding,
      List<String> effective,
      List<String> permitted,
      List<String> inheritable,
      List<String> ambient) {
    public Capabilities {
      bounding = List.copyOf(bounding);
      effective = List.copyOf(effective);
      permitted = List.copyOf(permitted);
      inheritable = List.copyOf(inheritable);
      ambient = List.copyOf(ambient);
    }

    /** The sets Docker gives a container: bounding, effective and permitted alike. */
    public static Capabilities of(List<String> names) {
      return new Capabilities(names, names, names, List.of(), List.of());
    }
  }

  /**
   * One resource limit, such as {@code RLIMIT_NOFILE} (config.md, "rlimits"); the limits are
   * unsigned, so -1 is unlimited.
   */
  public record Rlimit(String type, long hard, long soft) {
    public Rlimit {
      if (!type.startsWith("RLIMIT_")) {
        throw new BerthException(
            ErrorKind.INVALID_ARGUMENT, "rlimit type must start with RLIMIT_, got: " + type);
      }
      if (Long.compareUnsigned(soft, hard) > 0) {
        throw new BerthException(
            ErrorKind.INVALID_ARGUMENT,
            "rlimit " + type + " soft limit " + soft + " exceeds its hard limit " + hard);
      }
    }
  }
}
