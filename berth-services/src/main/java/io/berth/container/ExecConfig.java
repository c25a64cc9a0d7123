package io.berth.container;

import io.berth.runtime.ConsoleSize;
import java.util.List;
import java.util.Objects;

/**
 * What {@code docker exec} runs in a container: the command, and who, where, with what; with a
 * terminal, the size it starts with and the keys that detach from it.
 *
 * @param privileged {@code exec --privileged}: every capability the daemon holds, whatever the
 *     container's own set
 */
public record ExecConfig(
    List<String> cmd,
    List<String> env,
    String user,
    String workingDir,
    boolean tty,
    boolean attachStdin,
    boolean attachStdout,
    boolean attachStderr,
    ConsoleSize consoleSize,
    DetachKeys detachKeys,
    boolean privileged) {
  public ExecConfig {
    cmd = List.copyOf(cmd);
    env = List.copyOf(env);
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(workingDir, "workingDir");
    Objects.requireNonNull(consoleSize, "consoleSize");
    Objects.requireNonNull(detachKeys, "detachKeys");
    if (cmd.isEmpty()) {
      throw io.berth.errors.BerthException.invalid("No exec command specified");
    }
  }

  /** The same exec starting its terminal at {@code size}, as {@code POST /exec/{id}/start} asks. */
  public ExecConfig withConsoleSize(ConsoleSize size) {
    return new ExecConfig(
        cmd,
        env,
        user,
        workingDir,
        tty,
        attachStdin,
        attachStdout,
        attachStderr,
        size,
        detachKeys,
        privileged);
  }
}
