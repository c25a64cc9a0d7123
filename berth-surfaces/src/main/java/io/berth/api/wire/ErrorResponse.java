package io.berth.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Docker's error body: {@code {"message":"..."}}. */
public record ErrorResponse(@JsonProperty("message") String message) {}
