package io.berth.container;

import io.berth.runtime.ConsoleSize;
import io.berth.runtime.Stats;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * The containers of one engine, as Docker's container endpoints drive them: create, start, stop,
 * remove; attach, logs, exec; the supervisor that records exit codes, applies restart policies and
 * runs health checks; and volumes.
 *
 * <p>Lifecycle: made once by the daemon, which calls {@link #recover} before serving requests (the
 * containers a killed daemon left are found again and reported as exited, their restart policies
 * applied) and {@link #close} at shutdown (running containers are stopped cleanly). Thread-safety:
 * every method may be called from any thread; calls on one container are serialised. Errors are
 * BerthExceptions: NOT_FOUND {@code No such container: x}, CONFLICT for a name in use or a
 * container in the wrong state, INVALID_ARGUMENT for bad flags; a failed create leaves nothing.
 */
public interface ContainerService extends AutoCloseable {

  /** Finds the containers and volumes on disk again and applies the restart policies. */
  void recover();

  /** Creates a container (its writable layer, its directory, its record); not started. */
  Container create(CreateRequest request);

  /** The container {@code idOrName} names (full ID, name, or unique ID prefix). */
  Container inspect(String idOrName);

  /** Every container ({@code all}) or the running ones, newest first. */
  List<Container> list(boolean all);

  /**
   * Starts a created or exited container and returns once its process runs (or has already ended);
   * a process that cannot start is an error with the runtime's message. False when it already ran.
   */
  boolean start(String idOrName);

  /**
   * Sends the stop signal, waits {@code timeout} (the container's, else 10 s), then SIGKILL; false
   * when it was not running.
   */
  boolean stop(String idOrName, Optional<Duration> timeout, Optional<String> signal);

  /** Sends {@code signal} (default SIGKILL) to a running container. */
  void kill(String idOrName, Optional<String> signal);

  /** Stops then starts the container. */
  void restart(String idOrName, Optional<Duration> timeout, Optional<String> signal);

  /**
   * Removes a container, its writable layer and its files; {@code force} stops a running one,
   * {@code volumes} removes its anonymous volumes.
   */
  void remove(String idOrName, boolean force, boolean volumes);

  /** Completes with the exit code when {@code condition} is met. */
  CompletableFuture<Integer> await(String idOrName, WaitCondition condition);

  /**
   * Attaches {@code sink} to the container's output (see {@link AttachOptions}): that of the
   * current run, or of the next one when the container is not running.
   */
  Attachment attach(String idOrName, AttachOptions options, OutputSink sink);

  /**
   * Writes the container's log entries that {@code options} select to {@code sink}; returns when
   * they are written, or, when following, when the container stops or {@code sink} fails.
   */
  void logs(String idOrName, LogOptions options, LogSink sink);

  /** Freezes every process of a running container. */
  void pause(String idOrName);

  /** Thaws a paused container. */
  void unpause(String idOrName);

  /**
   * Connects a container to network {@code network} ({@code docker network connect}): at once when
   * it runs, and from its next start in any case.
   */
  Container connect(String idOrName, String network, io.berth.network.EndpointConfig config);

  /** Disconnects a container from network {@code network}, at once when it runs. */
  Container disconnect(String idOrName, String network, boolean force);

  /** Gives the container a new (unique) name. */
  void rename(String idOrName, String newName);

  /** The container's processes as {@code ps -ef} columns: titles then one row per process. */
  List<List<String>> top(String idOrName);

  /** The container's resource usage now. */
  Stats stats(String idOrName);

  /**
   * Removes the stopped containers (created, exited or dead) that {@code which} accepts; returns
   * their IDs.
   */
  List<String> prune(Predicate<Container> which);

  /** Writes the tar archive of {@code path} in the container to {@code out}; its stat first. */
  PathStat archive(String idOrName, String path, OutputStream out);

  /** The stat of {@code path} in the container, for {@code HEAD .../archive}. */
  PathStat statPath(String idOrName, String path);

  /** Extracts the tar archive {@code in} into directory {@code path} of the container. */
  void extract(String idOrName, String path, InputStream in);

  /** Creates an exec instance in a running container; returns its ID. */
  String execCreate(String idOrName, ExecConfig config);

  /**
   * Runs exec {@code execId}: output to {@code sink}, input from {@code stdin} when it was asked
   * for, its terminal (if it has one) sized {@code size} when that is set, else as created; returns
   * when the process has ended, at once when {@code detach}, or when reading {@code stdin} throws
   * {@link DetachKeys.Detached} (the process goes on).
   */
  void execStart(
      String execId,
      boolean detach,
      ConsoleSize size,
      Optional<InputStream> stdin,
      OutputSink sink);

  /**
   * Sets the size of a running container's terminal (nothing without one, or for 0 by 0).
   *
   * @throws io.berth.errors.BerthException CONFLICT when the container is not running
   */
  void resize(String idOrName, ConsoleSize size);

  /**
   * Sets the size of an exec's terminal, waiting up to 10 s for it to start, as Docker does.
   *
   * @throws io.berth.errors.BerthException CONFLICT when it has ended
   */
  void execResize(String execId, ConsoleSize size);

  /** The exec instance {@code execId}. */
  ExecInfo execInspect(String execId);

  /** Creates a named volume (or returns the existing one of that name). */
  Volume createVolume(Optional<String> name, Map<String, String> labels);

  /** The volume called {@code name}. */
  Volume volume(String name);

  /** Every volume. */
  List<Volume> volumes();

  /** Removes a volume; CONFLICT when a container uses it, unless {@code force}. */
  void removeVolume(String name, boolean force);

  /** Removes the volumes no container uses that {@code which} accepts; returns their names. */
  List<String> pruneVolumes(Predicate<Volume> which);

  /** How many containers there are in each state: total, running, paused, stopped. */
  int[] counts();

  /** Stops every running container cleanly. */
  @Override
  void close();

  /** Where {@link #logs} delivers entries. */
  @FunctionalInterface
  interface LogSink {
    void write(LogEntry entry) throws java.io.IOException;
  }

  /** A path's stat as {@code X-Docker-Container-Path-Stat} carries it. */
  record PathStat(String name, long size, int mode, java.time.Instant mtime, String linkTarget) {}
}
