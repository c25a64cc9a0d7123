package io.berth.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The body of berth's {@code POST /berth/system/verify}: what was checked and what is wrong. */
public record VerifyResponse(
    @JsonProperty("Blobs") int blobs,
    @JsonProperty("Images") int images,
    @JsonProperty("Problems") List<String> problems) {}
