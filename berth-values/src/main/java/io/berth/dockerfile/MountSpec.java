package io.berth.dockerfile;

import io.berth.errors.BerthException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code RUN --mount=...} as the reference describes it: its type and its options, raw where
 * the engine still expands variables ({@code mode}, {@code uid} and {@code gid} are checked to be
 * numbers when they hold no variable).
 */
public record MountSpec(
    Type type,
    Optional<String> target,
    Optional<String> source,
    Optional<String> from,
    Optional<String> id,
    Optional<Sharing> sharing,
    Optional<String> mode,
    Optional<String> uid,
    Optional<String> gid,
    boolean readOnly,
    boolean required,
    Optional<String> size,
    Optional<String> env) {

  /** The mount types of {@code RUN --mount}. */
  public enum Type {
    BIND,
    CACHE,
    TMPFS,
    SECRET,
    SSH
  }

  /** How a cache mount is shared between concurrent builds. */
  public enum Sharing {
    SHARED,
    PRIVATE,
    LOCKED
  }

  public MountSpec {
    Objects.requireNonNull(type, "type");
    for (Optional<?> o : List.of(target, source, from, id, sharing, mode, uid, gid, size, env)) {
      Objects.requireNonNull(o, "option");
    }
  }

  /** Parses the value of {@code --mount}: comma-separated {@code key=value} fields, CSV-quoted. */
  public static MountSpec parse(String text) {
    Builder b = new Builder();
    List<String[]> fields = new ArrayList<>();
    for (String field : csvFields(text)) {
      String[] kv = field.split("=", 2);
      String key = kv[0].trim().toLowerCase(Locale.ROOT);
      if (key.equals("type")) {
        b.type = parseType(kv.length == 2 ? kv[1] : "", text);
      } else {
        fields.add(new String[] {key, kv.length == 2 ? kv[1] : null, field});
      }
    }
    for (String[] f : fields) {
      b.set(f[0], f[1], f[2], text);
    }
    return b.build(text);
  }

  private static Type parseType(String value, String text) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "bind" -> Type.BIND;
      case "cache" -> Type.CACHE;
      case "tmpfs" -> Type.TMPFS;
      case "secret" -> Type.SECRET;
      case "ssh" -> Type.SSH;
      default ->
          throw BerthException.invalid(
              "--mount=%s: unknown mount type '%s' (expected bind, cache, tmpfs, secret or ssh)",
              text, value);
    };
  }

  private static List<String> csvFields(String text) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"') {
        if (quoted && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else {
          quoted = !quoted;
        }
      } else if (c == ',' && !quoted) {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    if (quoted) {
      throw BerthException.invalid("--mount=%s: unterminated quote", text);
    }
    fields.add(field.toString());
    return fields.stream().filter(f -> !f.isBlank()).toList();
  }

  /** Collects the fields of one mount, then checks them against its type. */
  private static final class Builder {
    Type type = Type.BIND;
    String target;
    String source;
    String from;
    String id;
    Sharing sharing;
    String mode;
    String uid;
    String gid;
    Boolean readOnly;
    boolean required;
    String size;
    String env;

    void set(String key, String value, String field, String text) {
      switch (key) {
        case "target", "dst", "destination" -> target = need(value, field, text);
        case "source", "src" -> source = need(value, field, text);
        case "from" -> from = need(value, field, text);
        case "id" -> id = need(value, field, text);
        case "env" -> env = need(value, field, text);
        case "size" -> size = need(value, field, text);
        case "readonly", "ro" -> readOnly = bool(value, field, text);
        case "readwrite", "rw" -> readOnly = !bool(value, field, text);
        case "required" -> required = bool(value, field, text);
        case "sharing" -> sharing = parseSharing(need(value, field, text), text);
        case "mode" -> mode = number(need(value, field, text), 8, field, text);
        case "uid" -> uid = number(need(value, field, text), 10, field, text);
        case "gid" -> gid = number(need(value, field, text), 10, field, text);
        default ->
            throw BerthException.invalid(
                "--mount=%s: unexpected key '%s' in '%s'", text, key, field);
      }
    }

    MountSpec build(String text) {
      if (target == null && (type == Type.BIND || type == Type.CACHE || type == Type.TMPFS)) {
        throw BerthException.invalid(
            "--mount=%s: a %s mount needs a target", text, type.name().toLowerCase(Locale.ROOT));
      }
      if (type == Type.SECRET && id == null && target == null && env == null) {
        throw BerthException.invalid("--mount=%s: a secret mount needs an id or a target", text);
      }
      if (sharing != null && type != Type.CACHE) {
        throw BerthException.invalid("--mount=%s: sharing applies to cache mounts only", text);
      }
      return new MountSpec(
          type,
          Optional.ofNullable(target),
          Optional.ofNullable(source),
          Optional.ofNullable(from),
          Optional.ofNullable(id),
          Optional.ofNullable(sharing),
          Optional.ofNullable(mode),
          Optional.ofNullable(uid),
          Optional.ofNullable(gid),
          readOnly != null ? readOnly : type == Type.BIND,
          required,
          Optional.ofNullable(size),
          Optional.ofNullable(env));
    }

    private static String need(String value, String field, String text) {
      if (value == null) {
        throw BerthException.invalid("--mount=%s: '%s' needs a value", text, field);
      }
      return value;
    }

    private static boolean bool(String value, String field, String text) {
      if (value == null || value.equalsIgnoreCase("true")) {
        return true;
      }
      if (value.equalsIgnoreCase("false")) {
        return false;
      }
      throw BerthException.invalid("--mount=%s: '%s' expects true or false", text, field);
    }

    private static Sharing parseSharing(String value, String text) {
      return switch (value.toLowerCase(Locale.ROOT)) {
        case "shared" -> Sharing.SHARED;
        case "private" -> Sharing.PRIVATE;
        case "locked" -> Sharing.LOCKED;
        default ->
            throw BerthException.invalid(
                "--mount=%s: unknown sharing '%s' (expected shared, private or locked)",
                text, value);
      };
    }

    private static String number(String value, int radix, String field, String text) {
      if (value.contains("$")) {
        return value;
      }
      try {
        if (Long.parseLong(value, radix) < 0) {
          throw new NumberFormatException();
        }
        return value;
      } catch (NumberFormatException e) {
        throw BerthException.invalid(
            "--mount=%s: '%s' expects %s number",
            text, field, radix == 8 ? "an octal" : "a decimal");
      }
    }
  }
}
