package io.berth.dockerfile;

import java.util.Objects;
import java.util.Optional;

/** One name declared by ARG, with its raw default value if it has one. */
public record ArgDeclaration(String name, Optional<String> defaultValue) {

  public ArgDeclaration {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(defaultValue, "defaultValue");
  }
}
