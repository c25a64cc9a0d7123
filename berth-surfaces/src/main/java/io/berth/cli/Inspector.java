package io.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.client.EngineClient;
import io.berth.errors.BerthException;
import io.berth.errors.ErrorKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Looks objects up for the inspect commands, by type or trying each type in docker's order
 * (container, image, volume, network), and prints them; a name not found is reported on stderr and
 * makes the exit code 1, the others are still printed.
 */
final class Inspector {
  /** The object types {@code berth inspect --type} accepts, in the order they are tried. */
  enum Type {
    CONTAINER("container", "/containers/%s/json"),
    IMAGE("image", "/images/%s/json"),
    VOLUME("volume", "/volumes/%s"),
    NETWORK("network", "/networks/%s");

    final String word;
    final String path;

    Type(String word, String path) {
      this.word = word;
      this.path = path;
    }

    static Type of(String word) {
      for (Type t : values()) {
        if (t.word.equals(word)) {
          return t;
        }
      }
      throw BerthException.invalid(
          "\"%s\" is not a valid value for --type: expected container, image, volume or network",
          word);
    }
  }

  private Inspector() {}

  /** Inspects {@code names} as {@code types} and prints them; returns the exit code. */
  static int run(
      CliContext context,
      List<Type> types,
      List<String> names,
      Map<String, String> query,
      Optional<String> format) {
    EngineClient client = context.client();
    List<JsonNode> found = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    for (String name : names) {
      lookup(client, types, name, query).ifPresentOrElse(found::add, () -> errors.add(name));
    }
    Output.inspect(context.out(), format, found);
    for (String name : errors) {
      context
          .err()
          .println(
              types.size() == 1
                  ? "Error: No such " + types.getFirst().word + ": " + name
                  : "Error: No such object: " + name);
    }
    context.err().flush();
    return errors.isEmpty() ? ExitCodes.OK : ExitCodes.ERROR;
  }

  private static Optional<JsonNode> lookup(
      EngineClient client, List<Type> types, String name, Map<String, String> query) {
    for (Type type : types) {
      try {
        Map<String, String> q = type == Type.CONTAINER ? query : Map.of();
        return Optional.of(client.get(type.path.formatted(name), q));
      } catch (BerthException e) {
        if (e.kind() != ErrorKind.NOT_FOUND) {
          throw e;
        }
      }
    }
    return Optional.empty();
  }
}
