package io.berth.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * An image's run configuration as image inspect shows it to each API version: the OCI config's
 * fields from 1.50 on; before, in the shape of a container's {@code Config}, every field present
 * and the ones an image never sets (host name, attach flags, image) empty, as Docker's daemon
 * answered; and {@code ContainerConfig}, which Docker dropped at 1.45 but berth keeps for every
 * version, since docker-compose v1 reads it to recreate a container and negotiates the newest
 * version (it fails against Docker 26 and later with {@code KeyError: 'ContainerConfig'}).
 */
final class ImageConfigWire {
  private static final ApiVersion OCI_SHAPE = new ApiVersion(1, 50);

  /** The fields of Docker's container {@code Config}, in its order, with whether empty shows. */
  private record Field(String name, Kind kind, boolean always) {}

  private enum Kind {
    TEXT,
    FLAG,
    LIST_OR_NULL,
    MAP_OR_NULL,
    OTHER
  }

  private static final List<Field> CONTAINER_CONFIG =
      List.of(
          new Field("Hostname", Kind.TEXT, true),
          new Field("Domainname", Kind.TEXT, true),
          new Field("User", Kind.TEXT, true),
          new Field("AttachStdin", Kind.FLAG, true),
          new Field("AttachStdout", Kind.FLAG, true),
          new Field("AttachStderr", Kind.FLAG, true),
          new Field("ExposedPorts", Kind.MAP_OR_NULL, false),
          new Field("Tty", Kind.FLAG, true),
          new Field("OpenStdin", Kind.FLAG, true),
          new Field("StdinOnce", Kind.FLAG, true),
          new Field("Env", Kind.LIST_OR_NULL, true),
          new Field("Cmd", Kind.LIST_OR_NULL, true),
          new Field("Healthcheck", Kind.OTHER, false),
          new Field("ArgsEscaped", Kind.FLAG, false),
          new Field("Image", Kind.TEXT, true),
          new Field("Volumes", Kind.MAP_OR_NULL, true),
          new Field("WorkingDir", Kind.TEXT, true),
          new Field("Entrypoint", Kind.LIST_OR_NULL, true),
          new Field("OnBuild", Kind.LIST_OR_NULL, true),
          new Field("Labels", Kind.MAP_OR_NULL, true),
          new Field("StopSignal", Kind.TEXT, false),
          new Field("StopTimeout", Kind.OTHER, false),
          new Field("Shell", Kind.LIST_OR_NULL, false));

  private ImageConfigWire() {}

  /** {@code Config} for {@code version}, from the image config's {@code config} object. */
  static JsonNode config(JsonNode ociConfig, ApiVersion version) {
    return version.isBefore(OCI_SHAPE) ? containerShaped(ociConfig) : ociConfig;
  }

  /**
   * {@code ContainerConfig}: the image config's {@code container_config} (the classic builder's
   * last step) when it has one, else an empty one, as Docker shows for other images.
   */
  static JsonNode containerConfig(JsonNode rawImageConfig) {
    return containerShaped(rawImageConfig.path("container_config"));
  }

  private static ObjectNode containerShaped(JsonNode source) {
    ObjectNode out = Json.MAPPER.createObjectNode();
    for (Field f : CONTAINER_CONFIG) {
      JsonNode value = source.path(f.name());
      boolean present = !value.isMissingNode() && !value.isNull();
      if (present && !isEmpty(value)) {
        out.set(f.name(), value);
      } else if (f.always()) {
        switch (f.kind()) {
          case TEXT -> out.put(f.name(), "");
          case FLAG -> out.put(f.name(), false);
          default -> out.putNull(f.name());
        }
      }
    }
    return out;
  }

  private static boolean isEmpty(JsonNode value) {
    return (value.isContainerNode() && value.isEmpty())
        || (value.isTextual() && value.asText().isEmpty())
        || (value.isBoolean() && !value.asBoolean());
  }
}
