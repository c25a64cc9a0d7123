package io.berth.container;

import io.berth.network.Sandbox;
import io.berth.oci.Digest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A container: its ID (64 hex digits), its unique name, the image it was made from, its merged
 * config and host config, the command it runs, its mounts, its state, and the network stack of its
 * current run.
 *
 * @param imageName the image as the user named it ({@code busybox:1.36})
 * @param path the executable (the first of the combined entrypoint and command)
 * @param args the rest of the combined entrypoint and command
 * @param directory the per-container directory: bundle, hosts files, logs
 */
public record Container(
    String id,
    String name,
    Instant created,
    Digest imageId,
    String imageName,
    ContainerConfig config,
    HostConfig hostConfig,
    String path,
    List<String> args,
    List<MountPoint> mounts,
    ContainerState state,
    Path directory,
    Optional<Sandbox> sandbox) {

  public Container {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(imageId, "imageId");
    Objects.requireNonNull(imageName, "imageName");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(hostConfig, "hostConfig");
    Objects.requireNonNull(path, "path");
    args = List.copyOf(args);
    mounts = List.copyOf(mounts);
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(directory, "directory");
    sandbox = sandbox == null ? Optional.empty() : sandbox;
  }

  /** The same container in another state. */
  public Container withState(ContainerState value) {
    return new Container(
        id,
        name,
        created,
        imageId,
        imageName,
        config,
        hostConfig,
        path,
        args,
        mounts,
        value,
        directory,
        sandbox);
  }

  /** The same container under another name. */
  public Container withName(String value) {
    return new Container(
        id,
        value,
        created,
        imageId,
        imageName,
        config,
        hostConfig,
        path,
        args,
        mounts,
        state,
        directory,
        sandbox);
  }

  /** The same container with its network stack of the current run (empty when not running). */
  public Container withSandbox(Optional<Sandbox> value) {
    return new Container(
        id,
        name,
        created,
        imageId,
        imageName,
        config,
        hostConfig,
        path,
        args,
        mounts,
        state,
        directory,
        value);
  }

  /** The same container with another host config (networks connected or disconnected). */
  public Container withHostConfig(HostConfig value) {
    return new Container(
        id, name, created, imageId, imageName, config, value, path, args, mounts, state, directory,
        sandbox);
  }

  /** The full command line, as {@code docker ps} shows it. */
  public List<String> command() {
    List<String> all = new java.util.ArrayList<>();
    all.add(path);
    all.addAll(args);
    return all;
  }

  /** The json-file log of the current run. */
  public Path logPath() {
    return directory.resolve(id + "-json.log");
  }
}
