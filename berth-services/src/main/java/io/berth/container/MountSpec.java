package io.berth.container;

import io.berth.errors.BerthException;
import java.util.List;
import java.util.Objects;

/**
 * One mount a container asked for ({@code -v}, {@code --mount}, {@code --tmpfs}): a host directory,
 * a named or anonymous volume, or a tmpfs, at {@code target} in the container.
 *
 * @param source the host path of a bind, the volume's name (empty for an anonymous one before
 *     create names it), or empty for a tmpfs
 * @param options tmpfs options ({@code size=64m}); {@link #NOCOPY} or nothing for a volume; empty
 *     for a bind
 */
public record MountSpec(
    Type type, String source, String target, boolean readOnly, List<String> options) {

  /** The kinds of mount, as {@code --mount type=} spells them. */
  public enum Type {
    BIND,
    VOLUME,
    TMPFS;

    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** The option of a volume whose image content is not copied into it on first use. */
  public static final String NOCOPY = "nocopy";

  /** Whether this volume is left empty rather than filled from the image ({@code nocopy}). */
  public boolean noCopy() {
    return options.contains(NOCOPY);
  }

  public MountSpec {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(source, "source");
    options = List.copyOf(options);
    if (target == null || !target.startsWith("/")) {
      throw BerthException.invalid(
          "invalid mount config for type \"%s\": invalid mount path: '%s' mount path must be"
              + " absolute",
          type.wire(), target);
    }
    if (type == Type.BIND && !source.startsWith("/")) {
      throw BerthException.invalid(
          "invalid mount config for type \"bind\": invalid mount path: '%s' mount path must be"
              + " absolute",
          source);
    }
  }

  /**
   * The mount a {@code -v} value describes: {@code /host:/dst[:ro]} binds, {@code name:/dst} a
   * named volume, {@code /dst} an anonymous volume.
   */
  public static MountSpec parseBind(String spec) {
    String[] parts = spec.split(":", -1);
    if (parts.length > 3 || parts[0].isEmpty()) {
      throw BerthException.invalid("invalid volume specification: '%s'", spec);
    }
    if (parts.length == 1) {
      return new MountSpec(Type.VOLUME, "", parts[0], false, List.of());
    }
    boolean readOnly = false;
    boolean noCopy = false;
    if (parts.length == 3) {
      for (String option : parts[2].split(",")) {
        switch (option) {
          case "ro" -> readOnly = true;
          case "nocopy" -> noCopy = true;
          case "rw", "z", "Z", "rprivate", "private", "rbind", "" -> {}
          case "shared", "rshared", "slave", "rslave" ->
              throw BerthException.notImplemented("bind propagation " + option);
          default -> throw BerthException.invalid("invalid mode: %s in volume '%s'", option, spec);
        }
      }
    }
    String source = parts[0];
    Type type = source.startsWith("/") ? Type.BIND : Type.VOLUME;
    if (type == Type.VOLUME) {
      VolumeNames.check(source);
    }
    if (noCopy && type != Type.VOLUME) {
      throw BerthException.invalid("invalid mode: nocopy in volume '%s': only for volumes", spec);
    }
    return new MountSpec(type, source, parts[1], readOnly, noCopy ? List.of(NOCOPY) : List.of());
  }

  /** A {@code --tmpfs /dst[:opts]} value. */
  public static MountSpec parseTmpfs(String target, String options) {
    List<String> list = options.isEmpty() ? List.of() : List.of(options.split(","));
    return new MountSpec(Type.TMPFS, "", target, false, list);
  }
}
