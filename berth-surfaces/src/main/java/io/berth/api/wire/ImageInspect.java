package io.berth.api.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code GET /images/{name}/json} (ImageInspect in the Engine API); {@code VirtualSize}
 * only before API 1.44, {@code Container} and {@code ContainerConfig} in every version (see {@code
 * ImageConfigWire}).
 */
public record ImageInspect(
    @JsonProperty("Id") String id,
    @JsonProperty("RepoTags") List<String> repoTags,
    @JsonProperty("RepoDigests") List<String> repoDigests,
    @JsonProperty("Parent") String parent,
    @JsonProperty("Comment") String comment,
    @JsonProperty("Created") String created,
    @JsonProperty("Container") String container,
    @JsonProperty("ContainerConfig") JsonNode containerConfig,
    @JsonProperty("DockerVersion") String dockerVersion,
    @JsonProperty("Author") String author,
    @JsonProperty("Config") JsonNode config,
    @JsonProperty("Architecture") String architecture,
    @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("Variant") String variant,
    @JsonProperty("Os") String os,
    @JsonProperty("Size") long size,
    @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("VirtualSize") Long virtualSize,
    @JsonProperty("GraphDriver") GraphDriver graphDriver,
    @JsonProperty("RootFS") RootFs rootFs,
    @JsonProperty("Metadata") Metadata metadata) {

  /** Where the layers are; berth's snapshotter is overlay-based, as Docker's overlay2. */
  public record GraphDriver(
      @JsonProperty("Name") String name, @JsonProperty("Data") Map<String, String> data) {}

  /** The image's layers by diff ID. */
  public record RootFs(
      @JsonProperty("Type") String type, @JsonProperty("Layers") List<String> layers) {}

  /** When the image was last tagged; berth does not track it. */
  public record Metadata(@JsonProperty("LastTagTime") String lastTagTime) {}
}
