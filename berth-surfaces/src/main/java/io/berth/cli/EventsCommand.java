package io.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.errors.BerthException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth events} and {@code berth system events}: engine events as they happen. */
@Command(name = "events", description = "Get real time events from the server.")
final class EventsCommand extends ClientCommand {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSSXXX");

  @Option(
      names = "--since",
      paramLabel = "TIME",
      description = "Show all events created since timestamp.")
  String since;

  @Option(
      names = "--until",
      paramLabel = "TIME",
      description = "Stream events until this timestamp.")
  String until;

  @Option(
      names = {"-f", "--filter"},
      paramLabel = "FILTER",
      description = "Filter output based on conditions provided (name=value).")
  List<String> filters = new ArrayList<>();

  @Option(
      names = "--format",
      paramLabel = "TEMPLATE",
      description = "Format the output using the given Go template.")
  String format;

  @Override
  public Integer call() {
    io.berth.cli.template.Template template =
        format == null || format.isEmpty()
            ? null
            : io.berth.cli.template.Template.parse(
                format.equals("json")
                    ? "{{json .}}"
                    : io.berth.cli.template.Formats.prepare(format));
    Instant now = Clock.systemUTC().instant();
    Map<String, String> query = new LinkedHashMap<>();
    if (since != null) {
      query.put("since", Timestamps.toApi("since", since, now));
    }
    if (until != null) {
      query.put("until", Timestamps.toApi("until", until, now));
    }
    if (!filters.isEmpty()) {
      query.put("filters", filtersJson(filters));
    }
    CliContext context = context();
    PrintWriter out = context.out();
    context.client().stream(
        "GET",
        "/events",
        query,
        null,
        event -> {
          out.println(template == null ? line(event) : template.execute(event));
          out.flush();
        });
    return ExitCodes.OK;
  }

  /** One event as docker prints it: time, type, action, actor, then sorted attributes. */
  static String line(JsonNode event) {
    long nanos = event.path("timeNano").asLong();
    Instant time = Instant.ofEpochSecond(nanos / 1_000_000_000L, nanos % 1_000_000_000L);
    StringBuilder line = new StringBuilder();
    line.append(TIME.format(time.atZone(ZoneId.systemDefault()))).append(' ');
    line.append(event.path("Type").asText()).append(' ').append(event.path("Action").asText());
    line.append(' ').append(event.path("Actor").path("ID").asText());
    Map<String, String> attributes = new TreeMap<>();
    event
        .path("Actor")
        .path("Attributes")
        .properties()
        .forEach(e -> attributes.put(e.getKey(), e.getValue().asText()));
    if (!attributes.isEmpty()) {
      List<String> pairs = new ArrayList<>();
      attributes.forEach((k, v) -> pairs.add(k + "=" + v));
      line.append(" (").append(String.join(", ", pairs)).append(')');
    }
    return line.toString();
  }

  /** {@code type=container} flags as the API's {@code {"type":{"container":true}}}. */
  static String filtersJson(List<String> filters) {
    Map<String, Map<String, Boolean>> byName = new TreeMap<>();
    for (String filter : filters) {
      int eq = filter.indexOf('=');
      if (eq <= 0) {
        throw BerthException.invalid("bad format of filter (expected name=value): %s", filter);
      }
      byName
          .computeIfAbsent(
              filter.substring(0, eq).toLowerCase(java.util.Locale.ROOT), k -> new TreeMap<>())
          .put(filter.substring(eq + 1), true);
    }
    StringBuilder json = new StringBuilder("{");
    byName.forEach(
        (name, values) -> {
          json.append(json.length() > 1 ? "," : "").append(quote(name)).append(":{");
          int start = json.length();
          values
              .keySet()
              .forEach(
                  v ->
                      json.append(json.length() > start ? "," : "")
                          .append(quote(v))
                          .append(":true"));
          json.append('}');
        });
    return json.append('}').toString();
  }

  private static String quote(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
