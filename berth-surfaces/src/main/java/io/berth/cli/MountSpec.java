package io.berth.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.errors.BerthException;
import java.util.Locale;

/** {@code --mount type=bind,source=/a,target=/b,readonly} as the API's Mount object. */
final class MountSpec {
  private MountSpec() {}

  static ObjectNode parse(String spec) {
    ObjectNode mount = Jsons.object();
    mount.put("Type", "volume");
    ObjectNode bind = Jsons.object();
    ObjectNode volume = Jsons.object();
    ObjectNode tmpfs = Jsons.object();
    for (String field : spec.split(",")) {
      int eq = field.indexOf('=');
      String key = (eq < 0 ? field : field.substring(0, eq)).toLowerCase(Locale.ROOT).strip();
      String value = eq < 0 ? "" : field.substring(eq + 1);
      switch (key) {
        case "type" -> mount.put("Type", value);
        case "source", "src" -> mount.put("Source", value);
        case "target", "dst", "destination" -> mount.put("Target", value);
        case "readonly", "ro" -> mount.put("ReadOnly", eq < 0 || bool(spec, value));
        case "consistency" -> mount.put("Consistency", value);
        case "bind-propagation" -> bind.put("Propagation", value);
        case "bind-recursive" -> bind.put("NonRecursive", value.equals("disabled"));
        case "volume-nocopy" -> volume.put("NoCopy", eq < 0 || bool(spec, value));
        case "volume-driver" -> volume.putObject("DriverConfig").put("Name", value);
        case "volume-subpath" -> volume.put("Subpath", value);
        case "volume-label" -> label(volume, value);
        case "volume-opt" -> option(volume, value);
        case "tmpfs-size" -> tmpfs.put("SizeBytes", HumanUnits.ramInBytes("tmpfs-size", value));
        case "tmpfs-mode" -> tmpfs.put("Mode", Integer.parseInt(value, 8));
        default ->
            throw BerthException.invalid(
                "invalid field '%s' in --mount %s: unexpected key '%s'", field, spec, key);
      }
    }
    if (!mount.hasNonNull("Target")) {
      throw FlagError.invalid(spec, "--mount", "target is required");
    }
    if (!bind.isEmpty()) {
      mount.set("BindOptions", bind);
    }
    if (!volume.isEmpty()) {
      mount.set("VolumeOptions", volume);
    }
    if (!tmpfs.isEmpty()) {
      mount.set("TmpfsOptions", tmpfs);
    }
    return mount;
  }

  private static boolean bool(String spec, String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "1", "true" -> true;
      case "0", "false" -> false;
      default -> throw BerthException.invalid("invalid boolean '%s' in --mount %s", value, spec);
    };
  }

  private static void label(ObjectNode volume, String value) {
    ObjectNode labels =
        volume.has("Labels") ? (ObjectNode) volume.get("Labels") : volume.putObject("Labels");
    int eq = value.indexOf('=');
    labels.put(eq < 0 ? value : value.substring(0, eq), eq < 0 ? "" : value.substring(eq + 1));
  }

  private static void option(ObjectNode volume, String value) {
    ObjectNode driver =
        volume.has("DriverConfig")
            ? (ObjectNode) volume.get("DriverConfig")
            : volume.putObject("DriverConfig");
    ObjectNode options =
        driver.has("Options") ? (ObjectNode) driver.get("Options") : driver.putObject("Options");
    int eq = value.indexOf('=');
    options.put(eq < 0 ? value : value.substring(0, eq), eq < 0 ? "" : value.substring(eq + 1));
  }
}
