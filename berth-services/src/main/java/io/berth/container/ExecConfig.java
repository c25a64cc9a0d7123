package io.berth.container;

import java.util.List;
import java.util.Objects;

/** What {@code docker exec} runs in a container: the command, and who, where, with what. */
public record ExecConfig(
    List<String> cmd,
    List<String> env,
    String user,
    String workingDir,
    boolean tty,
    boolean attachStdin,
    boolean attachStdout,
    boolean attachStderr) {
  public ExecConfig {
    cmd = List.copyOf(cmd);
    env = List.copyOf(env);
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(workingDir, "workingDir");
    if (cmd.isEmpty()) {
      throw io.berth.errors.BerthException.invalid("No exec command specified");
    }
  }
}
