package io.berth.network;

import io.berth.errors.BerthException;
import java.util.Comparator;
import java.util.Locale;

/** A port of a container and its protocol, Docker's {@code 80/tcp} key. */
public record ContainerPort(int port, String protocol) implements Comparable<ContainerPort> {

  private static final Comparator<ContainerPort> ORDER =
      Comparator.comparingInt(ContainerPort::port).thenComparing(ContainerPort::protocol);

  public ContainerPort {
    if (port < 1 || port > 65535) {
      throw BerthException.invalid("invalid port %d: expected 1 to 65535", port);
    }
    if (!protocol.equals("tcp") && !protocol.equals("udp") && !protocol.equals("sctp")) {
      throw BerthException.invalid("invalid protocol %s: expected tcp, udp or sctp", protocol);
    }
  }

  /** Parses {@code 80}, {@code 80/tcp} or {@code 53/udp}; the error names the text. */
  public static ContainerPort parse(String text) {
    int slash = text.indexOf('/');
    String number = slash < 0 ? text : text.substring(0, slash);
    String proto = slash < 0 ? "tcp" : text.substring(slash + 1).toLowerCase(Locale.ROOT);
    try {
      return new ContainerPort(Integer.parseInt(number), proto.isEmpty() ? "tcp" : proto);
    } catch (NumberFormatException e) {
      throw BerthException.invalid("invalid container port \"%s\": expected port[/proto]", text);
    } catch (BerthException e) {
      throw BerthException.invalid("invalid container port \"%s\": %s", text, e.getMessage());
    }
  }

  /** Docker's key, {@code 80/tcp}. */
  public String wire() {
    return port + "/" + protocol;
  }

  @Override
  public int compareTo(ContainerPort other) {
    return ORDER.compare(this, other);
  }

  @Override
  public String toString() {
    return wire();
  }
}
