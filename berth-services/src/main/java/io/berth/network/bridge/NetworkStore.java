package io.berth.network.bridge;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.berth.errors.BerthException;
import io.berth.network.Network;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Network records as one JSON file each, {@code <root>/network/networks/<id>.json}, written to a
 * temporary file and renamed into place, so a crash leaves the old record or the new one.
 */
final class NetworkStore {

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new Jdk8Module())
          .registerModule(new JavaTimeModule())
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final Path dir;

  NetworkStore(Path dir) {
    this.dir = dir;
  }

  List<Network> load() {
    List<Network> all = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return all;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
        try {
          all.add(JSON.readValue(f.toFile(), Network.class));
        } catch (IOException e) {
          throw BerthException.internal("reading the network record " + f, e);
        }
      }
    } catch (IOException e) {
      throw BerthException.internal("listing " + dir, e);
    }
    return all;
  }

  void save(Network n) {
    try {
      Files.createDirectories(dir);
      Path temp = dir.resolve(n.id() + ".json.tmp");
      JSON.writeValue(temp.toFile(), n);
      Files.move(temp, dir.resolve(n.id() + ".json"), StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw BerthException.internal("writing the record of network " + n.name(), e);
    }
  }

  void delete(String id) {
    try {
      Files.deleteIfExists(dir.resolve(id + ".json"));
    } catch (IOException e) {
      throw BerthException.internal("deleting the record of network " + id, e);
    }
  }
}
