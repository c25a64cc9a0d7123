package io.berth.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code GET /system/df}: images, containers, volumes and build cache, with the fields
 * {@code docker system df} reads.
 */
public record DiskUsageResponse(
    @JsonProperty("LayersSize") long layersSize,
    @JsonProperty("Images") List<ImageSummary> images,
    @JsonProperty("Containers") List<Map<String, Object>> containers,
    @JsonProperty("Volumes") List<Map<String, Object>> volumes,
    @JsonProperty("BuildCache") List<Map<String, Object>> buildCache) {}
