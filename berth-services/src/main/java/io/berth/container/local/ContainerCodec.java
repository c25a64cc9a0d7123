package io.berth.container.local;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.berth.container.Container;
import io.berth.container.ContainerConfig;
import io.berth.container.ContainerState;
import io.berth.container.HostConfig;
import io.berth.container.MountPoint;
import io.berth.errors.BerthException;
import io.berth.metadata.ContainerRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The one translator between a {@link Container} and its stored record: the config, host config,
 * command and mounts as the record's {@code config} JSON, the state as its {@code state} JSON.
 */
final class ContainerCodec {

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(new Jdk8Module())
          .registerModule(new JavaTimeModule())
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private ContainerCodec() {}

  /** The stored shape of what does not change after create (a rename aside). */
  record Stored(
      String imageName,
      ContainerConfig config,
      HostConfig hostConfig,
      String path,
      List<String> args,
      List<MountPoint> mounts) {}

  static ContainerRecord record(Container c) {
    Stored stored =
        new Stored(c.imageName(), c.config(), c.hostConfig(), c.path(), c.args(), c.mounts());
    return new ContainerRecord(
        c.id(),
        c.name(),
        c.imageId(),
        write(stored),
        state(c.state()),
        c.created(),
        c.config().labels());
  }

  static String state(ContainerState state) {
    return write(state);
  }

  static Container container(ContainerRecord r, Path directory) {
    Stored s = read(r.config(), Stored.class, r.id());
    ContainerState state = read(r.state(), ContainerState.class, r.id());
    return new Container(
        r.id(),
        r.name(),
        r.created(),
        r.imageId(),
        s.imageName(),
        s.config(),
        s.hostConfig(),
        s.path(),
        s.args(),
        s.mounts(),
        state,
        directory,
        java.util.Optional.empty());
  }

  private static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (IOException e) {
      throw BerthException.internal("encoding a container record", e);
    }
  }

  private static <T> T read(String json, Class<T> type, String id) {
    try {
      return MAPPER.readValue(json, type);
    } catch (IOException e) {
      throw BerthException.internal("decoding the stored record of container " + id, e);
    }
  }
}
