package io.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The rows of {@code berth volume ls}: docker's volume fields for the table and templates. */
final class VolumeRows {
  private VolumeRows() {}

  static List<Map<String, Object>> of(JsonNode volumes) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (JsonNode v : volumes) {
      Map<String, Object> row = new LinkedHashMap<>();
      List<String> labels = new ArrayList<>();
      v.path("Labels")
          .properties()
          .forEach(e -> labels.add(e.getKey() + "=" + e.getValue().asText()));
      long size = v.path("UsageData").path("Size").asLong(-1);
      long refs = v.path("UsageData").path("RefCount").asLong(-1);
      row.put("Availability", "N/A");
      row.put("Driver", v.path("Driver").asText());
      row.put("Group", "N/A");
      row.put("Labels", String.join(",", labels));
      row.put("Links", refs < 0 ? "N/A" : Long.toString(refs));
      row.put("Mountpoint", v.path("Mountpoint").asText());
      row.put("Name", v.path("Name").asText());
      row.put("Scope", v.path("Scope").asText("local"));
      row.put("Size", size < 0 ? "N/A" : HumanUnits.humanSize(size));
      row.put("Status", "N/A");
      rows.add(row);
    }
    return rows;
  }
}
