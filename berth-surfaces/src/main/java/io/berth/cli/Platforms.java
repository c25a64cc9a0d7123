package io.berth.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.errors.BerthException;

/** {@code --platform os[/arch[/variant]]} as the JSON object some endpoints take. */
final class Platforms {
  private Platforms() {}

  static String json(String platform) {
    String[] parts = platform.split("/", -1);
    if (parts.length > 3 || parts[0].isEmpty()) {
      throw BerthException.invalid(
          "invalid platform \"%s\": expected os[/arch[/variant]]", platform);
    }
    ObjectNode json = Jsons.object();
    json.put("os", parts[0]);
    if (parts.length > 1) {
      json.put("architecture", parts[1]);
    }
    if (parts.length > 2) {
      json.put("variant", parts[2]);
    }
    return Jsons.write(json);
  }
}
