package io.berth.network;

import java.util.List;

/**
 * A container's resolver settings ({@code --dns}, {@code --dns-search}, {@code --dns-option}); an
 * empty list keeps what the host's resolver says.
 */
public record DnsSettings(List<String> servers, List<String> search, List<String> options) {

  /** The host's settings, unchanged. */
  public static final DnsSettings HOST = new DnsSettings(List.of(), List.of(), List.of());

  public DnsSettings {
    servers = servers == null ? List.of() : List.copyOf(servers);
    search = search == null ? List.of() : List.copyOf(search);
    options = options == null ? List.of() : List.copyOf(options);
  }
}
