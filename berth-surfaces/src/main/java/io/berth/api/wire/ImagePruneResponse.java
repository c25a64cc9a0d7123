package io.berth.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The body of {@code POST /images/prune}. */
public record ImagePruneResponse(
    @JsonProperty("ImagesDeleted") List<ImageDeleteItem> imagesDeleted,
    @JsonProperty("SpaceReclaimed") long spaceReclaimed) {}
