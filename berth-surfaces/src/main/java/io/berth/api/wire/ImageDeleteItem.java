package io.berth.api.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One line of {@code DELETE /images/{name}} (ImageDeleteResponseItem): one of the two is set. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageDeleteItem(
    @JsonProperty("Untagged") String untagged, @JsonProperty("Deleted") String deleted) {}
