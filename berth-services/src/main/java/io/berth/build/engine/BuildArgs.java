package io.berth.build.engine;

import io.berth.oci.Platform;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The build arguments of one build: the {@code --build-arg} values, the predefined platform
 * arguments BuildKit gives every build, and the proxy arguments usable without an ARG.
 */
final class BuildArgs {

  /** Proxy arguments: usable in RUN without ARG, and kept out of the history and cache key. */
  static final Set<String> PROXY =
      Set.of(
          "HTTP_PROXY",
          "http_proxy",
          "HTTPS_PROXY",
          "https_proxy",
          "FTP_PROXY",
          "ftp_proxy",
          "NO_PROXY",
          "no_proxy",
          "ALL_PROXY",
          "all_proxy");

  private final Map<String, String> given;
  private final Map<String, String> predefined;
  private final Set<String> used = java.util.concurrent.ConcurrentHashMap.newKeySet();

  BuildArgs(Map<String, String> given, Platform target, Platform build) {
    this.given = Map.copyOf(given);
    Map<String, String> p = new LinkedHashMap<>();
    put(p, "TARGET", target);
    put(p, "BUILD", build);
    this.predefined = Map.copyOf(p);
  }

  private static void put(Map<String, String> p, String prefix, Platform platform) {
    p.put(prefix + "PLATFORM", platform.toString());
    p.put(prefix + "OS", platform.os());
    p.put(prefix + "ARCH", platform.architecture());
    p.put(prefix + "VARIANT", platform.variant().orElse(""));
  }

  /** The {@code --build-arg} value of {@code name}, marking it used. */
  Optional<String> given(String name) {
    Optional<String> v = Optional.ofNullable(given.get(name));
    v.ifPresent(x -> used.add(name));
    return v;
  }

  /** The predefined value of {@code name} ({@code TARGETARCH}, …), if it is one. */
  Optional<String> predefined(String name) {
    return Optional.ofNullable(predefined.get(name));
  }

  /** The proxy arguments given, for the environment of RUN. */
  Map<String, String> proxies() {
    Map<String, String> out = new LinkedHashMap<>();
    given.forEach(
        (k, v) -> {
          if (PROXY.contains(k)) {
            out.put(k, v);
          }
        });
    return out;
  }

  /** Arguments that speak to the builder itself, not to the Dockerfile. */
  static final Set<String> BUILDER = Set.of("BUILDKIT_INLINE_CACHE", "SOURCE_DATE_EPOCH");

  /** Whether {@code BUILDKIT_INLINE_CACHE} asks for the cache keys to go into the image. */
  boolean inlineCache() {
    String v = given.getOrDefault("BUILDKIT_INLINE_CACHE", "");
    return v.equals("1") || v.equalsIgnoreCase("true");
  }

  /** The given arguments that no ARG consumed, sorted. */
  java.util.List<String> unused() {
    return given.keySet().stream()
        .filter(k -> !used.contains(k) && !PROXY.contains(k) && !BUILDER.contains(k))
        .sorted()
        .toList();
  }
}
