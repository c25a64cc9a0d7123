package io.berth.registry;

import java.util.Objects;

/** A user name and password (or token) for one registry, as {@code docker login} stores them. */
public record Credentials(String username, String password) {
  public Credentials {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
  }

  @Override
  public String toString() {
    return "Credentials[" + username + ", ****]";
  }
}
