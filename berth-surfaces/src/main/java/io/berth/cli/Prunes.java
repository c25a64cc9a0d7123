package io.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;

/** The report the prune commands print: what was deleted, then the space reclaimed. */
final class Prunes {
  private Prunes() {}

  /** {@code Deleted <things>:} and its lines, when there are any. */
  static void deleted(PrintWriter out, String heading, JsonNode items) {
    if (items.isArray() && !items.isEmpty()) {
      out.println(heading);
      for (JsonNode item : items) {
        if (item.isTextual()) {
          out.println(item.asText());
        } else {
          item.properties()
              .forEach(
                  e ->
                      out.println(
                          e.getKey().toLowerCase(java.util.Locale.ROOT)
                              + ": "
                              + e.getValue().asText()));
        }
      }
      out.println();
    }
  }

  static void reclaimed(PrintWriter out, long bytes) {
    out.println("Total reclaimed space: " + HumanUnits.humanSize(bytes));
    out.flush();
  }
}
