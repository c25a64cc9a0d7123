package io.berth.network;

import io.berth.errors.BerthException;
import java.util.Objects;

/**
 * One host side asked for a container port, Docker's {@code PortBinding}: a host address ({@code
 * ""} for every address) and a host port, a range of them ({@code 8000-8010}, the first free one is
 * taken), or {@code ""} for any free port.
 */
public record PortBinding(String hostIp, String hostPort) {

  public PortBinding {
    Objects.requireNonNull(hostIp, "hostIp");
    Objects.requireNonNull(hostPort, "hostPort");
    int[] range = range(hostPort);
    if (range[0] > range[1]) {
      throw BerthException.invalid(
          "invalid host port range %s: the end is before the start", hostPort);
    }
    if (!hostIp.isEmpty() && !Ipv4.is(hostIp) && !hostIp.contains(":")) {
      throw BerthException.invalid(
          "invalid host IP address %s: expected an IPv4 or IPv6 address", hostIp);
    }
  }

  /** The first and last host port asked for; 0 and 0 for any free port. */
  public int[] range() {
    return range(hostPort);
  }

  /** Whether one fixed host port was asked for. */
  public boolean fixed() {
    int[] r = range();
    return r[0] != 0 && r[0] == r[1];
  }

  private static int[] range(String text) {
    if (text.isEmpty()) {
      return new int[] {0, 0};
    }
    int dash = text.indexOf('-');
    try {
      int first = Integer.parseInt(dash < 0 ? text : text.substring(0, dash));
      int last = dash < 0 ? first : Integer.parseInt(text.substring(dash + 1));
      if (first < 0 || last > 65535) {
        throw new NumberFormatException();
      }
      return new int[] {first, last};
    } catch (NumberFormatException e) {
      throw BerthException.invalid("invalid host port \"%s\": expected a port or a range", text);
    }
  }
}
