package io.berth.oci;

import io.berth.errors.BerthException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The platform an image runs on (image-index.md, "platform"): always normalised the way Docker and
 * containerd normalise it, so {@code linux/x86_64} and {@code linux/amd64} are one value, as are
 * {@code linux/aarch64} and {@code linux/arm64/v8}, and {@code linux/arm} is {@code linux/arm/v7}.
 */
public record Platform(
    String os,
    String architecture,
    Optional<String> variant,
    Optional<String> osVersion,
    List<String> osFeatures) {

  private static final Pattern PART = Pattern.compile("[a-z0-9_.-]+");

  public Platform {
    Objects.requireNonNull(os, "os");
    Objects.requireNonNull(architecture, "architecture");
    Objects.requireNonNull(variant, "variant");
    Objects.requireNonNull(osVersion, "osVersion");
    osFeatures = List.copyOf(osFeatures);
    os = normaliseOs(os);
    String[] normal = normaliseArch(architecture, variant.orElse(""));
    architecture = normal[0];
    variant = normal[1].isEmpty() ? Optional.empty() : Optional.of(normal[1]);
    check("os", os);
    check("architecture", architecture);
    variant.ifPresent(v -> check("variant", v));
  }

  /** A platform with no variant, OS version or features: {@code of("linux", "amd64")}. */
  public static Platform of(String os, String architecture) {
    return new Platform(os, architecture, Optional.empty(), Optional.empty(), List.of());
  }

  /** A platform with a variant, which may be empty. */
  public static Platform of(String os, String architecture, String variant) {
    Optional<String> v = variant.isEmpty() ? Optional.empty() : Optional.of(variant);
    return new Platform(os, architecture, v, Optional.empty(), List.of());
  }

  /** Parses {@code os/arch[/variant]} as {@code --platform} takes it, e.g. "linux/arm64/v8". */
  public static Platform parse(String text) {
    Objects.requireNonNull(text, "platform");
    String[] parts = text.split("/", -1);
    if (parts.length < 2 || parts.length > 3) {
      throw BerthException.invalid(
          "invalid platform \"%s\": expected os/architecture[/variant], e.g. linux/amd64", text);
    }
    for (String part : parts) {
      if (part.isEmpty()) {
        throw BerthException.invalid("invalid platform \"%s\": empty component", text);
      }
    }
    try {
      return of(parts[0], parts[1], parts.length == 3 ? parts[2] : "");
    } catch (BerthException e) {
      throw BerthException.invalid("invalid platform \"%s\": %s", text, e.getMessage());
    }
  }

  /** The platform of this JVM's machine, as an image built here would declare it. */
  public static Platform current() {
    String arch = System.getProperty("os.arch", "");
    return switch (arch) {
      case "x86_64", "amd64" -> of(currentOs(), "amd64");
      case "aarch64", "arm64" -> of(currentOs(), "arm64");
      case "arm" -> of(currentOs(), "arm", "v7");
      case "x86", "i386", "i686" -> of(currentOs(), "386");
      default -> of(currentOs(), arch.toLowerCase(Locale.ROOT));
    };
  }

  private static String currentOs() {
    String name = System.getProperty("os.name", "linux").toLowerCase(Locale.ROOT);
    return name.startsWith("windows") ? "windows" : name.startsWith("mac") ? "darwin" : name;
  }

  /**
   * Whether an image for {@code candidate} can serve a request for this platform: same OS and
   * architecture, and the same variant when this one names a variant.
   */
  public boolean matches(Platform candidate) {
    return preference(candidate) < Integer.MAX_VALUE;
  }

  /**
   * How well an image for {@code candidate} serves this platform: 0 for the same variant (or when
   * this one names none), then 1, 2… for the older variants a machine of this one also runs, as
   * containerd's matcher allows (arm v8 runs v7, v6 and v5; amd64 v4 runs v3, v2 and the baseline),
   * newest first; {@link Integer#MAX_VALUE} when it cannot serve it at all.
   */
  public int preference(Platform candidate) {
    if (!os.equals(candidate.os) || !architecture.equals(candidate.architecture)) {
      return Integer.MAX_VALUE;
    }
    if (variant.isEmpty() || variant.equals(candidate.variant)) {
      return 0;
    }
    int older = olderVariants().indexOf(candidate.variant.orElse(""));
    return older < 0 ? Integer.MAX_VALUE : older + 1;
  }

  /** The variants this one also runs, newest first ({@code ""} for the baseline). */
  private List<String> olderVariants() {
    List<String> order =
        switch (architecture) {
          case "arm" -> List.of("v8", "v7", "v6", "v5");
          case "amd64" -> List.of("v4", "v3", "v2", "");
          default -> List.of();
        };
    int at = order.indexOf(variant.orElse(""));
    return at < 0 ? List.of() : order.subList(at + 1, order.size());
  }

  /** {@code os/arch[/variant]}, the form {@link #parse} reads. */
  @Override
  public String toString() {
    return os + "/" + architecture + variant.map(v -> "/" + v).orElse("");
  }

  private static void check(String what, String value) {
    if (!PART.matcher(value).matches()) {
      throw BerthException.invalid(
          "invalid platform %s \"%s\": expected lowercase letters, digits, '_', '.' or '-'",
          what, value);
    }
  }

  private static String normaliseOs(String os) {
    String lower = os.toLowerCase(Locale.ROOT);
    return lower.equals("macos") ? "darwin" : lower;
  }

  /** Architecture and variant as containerd's platforms.Normalize leaves them. */
  private static String[] normaliseArch(String architecture, String variant) {
    String arch = architecture.toLowerCase(Locale.ROOT);
    String v = variant.toLowerCase(Locale.ROOT);
    return switch (arch) {
      case "i386" -> new String[] {"386", ""};
      case "x86_64", "x86-64", "amd64" -> new String[] {"amd64", v.equals("v1") ? "" : v};
      case "aarch64", "arm64" ->
          new String[] {"arm64", v.equals("8") || v.equals("v8") || v.equals("v8.0") ? "" : v};
      case "armhf" -> new String[] {"arm", "v7"};
      case "armel" -> new String[] {"arm", "v6"};
      case "arm" ->
          new String[] {
            "arm",
            switch (v) {
              case "", "7" -> "v7";
              case "5", "6", "8" -> "v" + v;
              default -> v;
            }
          };
      default -> new String[] {arch, v};
    };
  }
}
