package io.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The rows of {@code berth ps}: docker's container fields for the table and for templates. */
final class ContainerRows {
  private ContainerRows() {}

  static List<Map<String, Object>> of(JsonNode containers, boolean noTrunc, Instant now) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (JsonNode c : containers) {
      rows.add(row(c, noTrunc, now));
    }
    return rows;
  }

  static Map<String, Object> row(JsonNode c, boolean noTrunc, Instant now) {
    Instant created = Instant.ofEpochSecond(c.path("Created").asLong());
    String command = c.path("Command").asText();
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("Command", Ids.quote(noTrunc ? command : Ids.ellipsis(command, 20)));
    row.put("CreatedAt", ImageRows.GO_TIME.format(created));
    row.put("ID", Ids.shown(c.path("Id").asText(), noTrunc));
    row.put("Image", image(c, noTrunc));
    row.put("Labels", labels(c.path("Labels")));
    row.put("LocalVolumes", Long.toString(localVolumes(c.path("Mounts"))));
    row.put("Mounts", mounts(c.path("Mounts"), noTrunc));
    row.put("Names", names(c.path("Names"), noTrunc));
    row.put("Networks", String.join(",", networks(c)));
    row.put("Ports", ports(c.path("Ports")));
    row.put("RunningFor", HumanUnits.ago(created, now));
    row.put("Size", size(c));
    row.put("State", c.path("State").asText());
    row.put("Status", c.path("Status").asText());
    return row;
  }

  private static String image(JsonNode c, boolean noTrunc) {
    String image = c.path("Image").asText();
    if (noTrunc) {
      return image;
    }
    String imageId = c.path("ImageID").asText();
    if (!imageId.isEmpty() && Ids.truncate(imageId).equals(Ids.truncate(image))) {
      return Ids.truncate(image);
    }
    return image;
  }

  /** The names without their leading slash; links ({@code /a/b}) only with {@code --no-trunc}. */
  private static String names(JsonNode names, boolean noTrunc) {
    List<String> shown = new ArrayList<>();
    for (JsonNode name : names) {
      String n = name.asText().startsWith("/") ? name.asText().substring(1) : name.asText();
      if (noTrunc || !n.contains("/")) {
        shown.add(n);
      }
    }
    return String.join(",", shown);
  }

  private static String labels(JsonNode labels) {
    List<String> pairs = new ArrayList<>();
    labels.properties().forEach(e -> pairs.add(e.getKey() + "=" + e.getValue().asText()));
    return String.join(",", pairs);
  }

  private static long localVolumes(JsonNode mounts) {
    long n = 0;
    for (JsonNode m : mounts) {
      n += m.path("Driver").asText().equals("local") ? 1 : 0;
    }
    return n;
  }

  private static String mounts(JsonNode mounts, boolean noTrunc) {
    List<String> names = new ArrayList<>();
    for (JsonNode m : mounts) {
      String name = m.path("Name").asText(m.path("Source").asText());
      if (name.isEmpty()) {
        name = m.path("Source").asText();
      }
      names.add(noTrunc ? name : Ids.ellipsis(name, 15));
    }
    return String.join(",", names);
  }

  private static List<String> networks(JsonNode c) {
    List<String> names = new ArrayList<>();
    c.path("NetworkSettings").path("Networks").fieldNames().forEachRemaining(names::add);
    names.sort(null);
    return names;
  }

  /**
   * docker's PORTS column: ports sorted by container port, host address, host port and protocol;
   * runs of consecutive ports published on the same number (or only exposed) shown as one range
   * ({@code 0.0.0.0:8000-8002->8000-8002/tcp}, {@code 80-81/tcp}), the others one by one after them
   * ({@code 0.0.0.0:8080->80/tcp, [::]:8080->80/tcp}).
   */
  static String ports(JsonNode ports) {
    List<JsonNode> sorted = new ArrayList<>();
    ports.forEach(sorted::add);
    sorted.sort(
        java.util.Comparator.comparingInt((JsonNode p) -> p.path("PrivatePort").asInt())
            .thenComparing(p -> p.path("IP").asText(""))
            .thenComparingInt(p -> p.path("PublicPort").asInt())
            .thenComparing(p -> p.path("Type").asText("")));
    Map<String, int[]> groups = new LinkedHashMap<>();
    List<String> result = new ArrayList<>();
    List<String> mappings = new ArrayList<>();
    for (JsonNode p : sorted) {
      int current = p.path("PrivatePort").asInt();
      String type = p.path("Type").asText("");
      String ip = p.path("IP").asText("");
      String key = type;
      if (!ip.isEmpty()) {
        int published = p.path("PublicPort").asInt();
        if (published != current) {
          mappings.add(joinHostPort(ip, Integer.toString(published)) + "->" + current + "/" + type);
          continue;
        }
        key = ip + "/" + type;
      }
      int[] group = groups.get(key);
      if (group == null) {
        groups.put(key, new int[] {current, current});
      } else if (current == group[1] + 1) {
        group[1] = current;
      } else {
        result.add(group(key, group));
        groups.put(key, new int[] {current, current});
      }
    }
    groups.forEach((key, group) -> result.add(group(key, group)));
    result.addAll(mappings);
    return String.join(", ", result);
  }

  private static String group(String key, int[] range) {
    int slash = key.lastIndexOf('/');
    String ip = slash < 0 ? "" : key.substring(0, slash);
    String type = key.substring(slash + 1);
    String ports = range[0] == range[1] ? Integer.toString(range[0]) : range[0] + "-" + range[1];
    return (ip.isEmpty() ? ports : joinHostPort(ip, ports) + "->" + ports) + "/" + type;
  }

  /** Go's {@code net.JoinHostPort}: an address with a colon in brackets. */
  private static String joinHostPort(String host, String port) {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  private static String size(JsonNode c) {
    if (!c.has("SizeRw") && !c.has("SizeRootFs")) {
      return "0B";
    }
    String rw = HumanUnits.humanSize(c.path("SizeRw").asLong(), 3);
    long virtual = c.path("SizeRootFs").asLong();
    return virtual > 0 ? rw + " (virtual " + HumanUnits.humanSize(virtual, 3) + ")" : rw;
  }
}
