package io.berth.network;

import java.util.Objects;

/**
 * A container port published on the host while the container runs: the host address it is bound to
 * ({@code 0.0.0.0}, {@code ::} or one address) and the host port given to it.
 */
public record PublishedPort(ContainerPort containerPort, String hostIp, int hostPort) {
  public PublishedPort {
    Objects.requireNonNull(containerPort, "containerPort");
    Objects.requireNonNull(hostIp, "hostIp");
  }
}
