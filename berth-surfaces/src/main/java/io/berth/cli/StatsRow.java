package io.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** One container's line of {@code berth stats}, computed from the API's stats as docker does. */
final class StatsRow {
  private StatsRow() {}

  static Map<String, Object> of(String container, JsonNode s, boolean noTrunc) {
    long memory = memory(s.path("memory_stats"));
    long limit = s.path("memory_stats").path("limit").asLong();
    long[] net = network(s.path("networks"));
    long[] block = block(s.path("blkio_stats").path("io_service_bytes_recursive"));
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("BlockIO", io(block));
    row.put("CPUPerc", "%.2f%%".formatted(Locale.ROOT, cpuPercent(s)));
    row.put("Container", container);
    row.put("ID", Ids.shown(s.path("id").asText(container), noTrunc));
    row.put("MemPerc", "%.2f%%".formatted(Locale.ROOT, limit == 0 ? 0.0 : memory * 100.0 / limit));
    row.put("MemUsage", HumanUnits.bytesSize(memory) + " / " + HumanUnits.bytesSize(limit));
    String name = s.path("name").asText();
    row.put("Name", name.startsWith("/") ? name.substring(1) : name);
    row.put("NetIO", io(net));
    row.put("PIDs", Long.toString(s.path("pids_stats").path("current").asLong()));
    return row;
  }

  static double cpuPercent(JsonNode s) {
    double cpuDelta =
        s.path("cpu_stats").path("cpu_usage").path("total_usage").asDouble()
            - s.path("precpu_stats").path("cpu_usage").path("total_usage").asDouble();
    double systemDelta =
        s.path("cpu_stats").path("system_cpu_usage").asDouble()
            - s.path("precpu_stats").path("system_cpu_usage").asDouble();
    double cpus = s.path("cpu_stats").path("online_cpus").asDouble();
    if (cpus == 0) {
      cpus = s.path("cpu_stats").path("cpu_usage").path("percpu_usage").size();
    }
    return systemDelta > 0 && cpuDelta > 0 ? cpuDelta / systemDelta * cpus * 100 : 0;
  }

  /** Usage without the page cache: cgroup v2's inactive_file, v1's total_inactive_file. */
  private static long memory(JsonNode m) {
    long usage = m.path("usage").asLong();
    JsonNode stats = m.path("stats");
    long inactive =
        stats.has("inactive_file")
            ? stats.path("inactive_file").asLong()
            : stats.path("total_inactive_file").asLong();
    return inactive < usage ? usage - inactive : usage;
  }

  private static long[] network(JsonNode networks) {
    long[] io = new long[2];
    networks.forEach(
        n -> {
          io[0] += n.path("rx_bytes").asLong();
          io[1] += n.path("tx_bytes").asLong();
        });
    return io;
  }

  private static long[] block(JsonNode entries) {
    long[] io = new long[2];
    for (JsonNode e : entries) {
      String op = e.path("op").asText().toLowerCase(Locale.ROOT);
      if (op.equals("read")) {
        io[0] += e.path("value").asLong();
      } else if (op.equals("write")) {
        io[1] += e.path("value").asLong();
      }
    }
    return io;
  }

  private static String io(long[] io) {
    return HumanUnits.humanSize(io[0], 3) + " / " + HumanUnits.humanSize(io[1], 3);
  }
}
