package io.berth.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The {@code -f/--filter name=value} option of the listing commands. */
final class FilterOption {
  @Option(
      names = {"-f", "--filter"},
      paramLabel = "FILTER",
      description = "Filter output based on conditions provided.")
  List<String> filters = new ArrayList<>();

  /** Adds the API's {@code filters} parameter to {@code query} when there are filters. */
  void addTo(Map<String, String> query) {
    addTo(query, filters);
  }

  /** Adds {@code filters}, as docker's JSON {@code {"name":{"value":true}}}, to {@code query}. */
  static void addTo(Map<String, String> query, List<String> filters) {
    if (!filters.isEmpty()) {
      query.put("filters", EventsCommand.filtersJson(filters));
    }
  }
}
