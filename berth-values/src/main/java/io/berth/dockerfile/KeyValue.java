package io.berth.dockerfile;

import java.util.Objects;

/** One {@code key=value} pair of ENV or LABEL, both raw (quotes and variables left in). */
public record KeyValue(String key, String value) {

  public KeyValue {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
  }
}
