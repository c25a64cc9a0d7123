package io.berth.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Runs containers from OCI bundles (runtime.md, "Operations"; runc's CLI adds pause, resume, events
 * and ps).
 *
 * <p>Lifecycle: {@link #run} starts a container in the foreground and returns at once; the process
 * it returns ends when the container's main process ends, after which the runtime has removed the
 * container. A container does not outlive the daemon's hold on its pipes: when the daemon starts
 * again, {@link #recover} kills and deletes every container left from before and reports them as
 * exited. Implementations are thread-safe; calls on different containers do not wait for each
 * other.
 */
public interface OciRuntime {

  /**
   * Creates and starts container {@code id} from the bundle directory ({@code config.json} and the
   * root filesystem it names) as a child process whose exit code is the container's.
   *
   * @throws io.berth.errors.BerthException CONFLICT when {@code id} exists; the returned process
   *     throws {@link ContainerStartException} from {@code waitFor} if the runtime fails to start
   */
  RuntimeProcess run(String id, Path bundle, Stdio stdio);

  /**
   * Sends {@code signal} ({@code TERM}, {@code SIGKILL}, {@code 9}) to the init or all processes.
   */
  void kill(String id, String signal, boolean all);

  /** Removes a stopped container; {@code force} kills it first if it still runs. */
  void delete(String id, boolean force);

  /** The container's state, empty when the runtime does not know it. */
  Optional<State> state(String id);

  /** Every container the runtime knows. */
  List<State> list();

  /** Runs {@code process} inside running container {@code id}, in the foreground. */
  RuntimeProcess exec(String id, ProcessSpec process, Stdio stdio);

  /** Freezes every process of the container. */
  void pause(String id);

  /** Thaws a paused container. */
  void resume(String id);

  /** The container's resource usage now. */
  Stats stats(String id);

  /** The host pids of the container's processes, for {@code docker top}. */
  List<Integer> ps(String id);

  /**
   * Kills and deletes the containers left by a previous daemon, whose pipes are gone, and returns
   * them as stopped so the container service can report them as exited.
   */
  List<State> recover();
}
