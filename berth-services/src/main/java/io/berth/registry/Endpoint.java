package io.berth.registry;

import java.net.URI;

/**
 * Where a registry named in an image reference answers: {@code docker.io} is Docker Hub's {@code
 * registry-1.docker.io}; a registry on the loopback interface ({@code localhost}, {@code
 * 127.0.0.0/8}, {@code [::1]}) is spoken to over plain HTTP, as Docker allows by default; any other
 * over HTTPS.
 */
public record Endpoint(String domain, URI base) {

  /** The endpoint of the registry {@code domain} ({@code host[:port]}) of a reference. */
  public static Endpoint of(String domain) {
    if (domain.equals("docker.io") || domain.equals("index.docker.io")) {
      return new Endpoint(domain, URI.create("https://registry-1.docker.io"));
    }
    String scheme = loopback(domain) ? "http" : "https";
    return new Endpoint(domain, URI.create(scheme + "://" + domain));
  }

  /** Whether {@code domain}'s host is on the loopback interface. */
  static boolean loopback(String domain) {
    String host = domain;
    if (host.startsWith("[")) {
      host = host.substring(1, host.indexOf(']'));
    } else if (host.indexOf(':') >= 0) {
      host = host.substring(0, host.indexOf(':'));
    }
    return host.equals("localhost") || host.equals("::1") || host.matches("127(\\.\\d{1,3}){3}");
  }

  /** {@code /v2/<name>/<rest>} on this registry. */
  URI resolve(String name, String rest) {
    return URI.create(base + "/v2/" + name + "/" + rest);
  }
}
