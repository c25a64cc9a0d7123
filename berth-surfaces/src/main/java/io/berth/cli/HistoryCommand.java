package io.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.cli.template.Formats;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth history} and {@code berth image history}: the layers an image was built from. */
@Command(name = "history", description = "Show the history of an image.")
final class HistoryCommand extends ClientCommand {
  static final Formats.Listing LISTING =
      new Formats.Listing(
          "{{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}",
          "{{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}",
          Map.of(
              "ID", "IMAGE",
              "CreatedSince", "CREATED",
              "CreatedAt", "CREATED AT",
              "CreatedBy", "CREATED BY",
              "Size", "SIZE",
              "Comment", "COMMENT"));

  private static final DateTimeFormatter RFC3339 =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

  @Option(
      names = {"-H", "--human"},
      arity = "0..1",
      defaultValue = "true",
      fallbackValue = "true",
      description = "Print sizes and dates in human readable format (default true).")
  boolean human = true;

  @Option(names = "--no-trunc", description = "Don't truncate output.")
  boolean noTrunc;

  @Option(
      names = {"-q", "--quiet"},
      description = "Only show image IDs.")
  boolean quiet;

  @Option(names = "--platform", paramLabel = "STRING", description = "Show history for a platform.")
  String platform;

  @Mixin ListFormatOption format;

  @Parameters(index = "0", paramLabel = "IMAGE")
  String image;

  @Override
  public Integer call() {
    Map<String, String> query = new LinkedHashMap<>();
    if (platform != null) {
      query.put("platform", Platforms.json(platform));
    }
    CliContext context = context();
    JsonNode history = context.client().get("/images/" + image + "/history", query);
    Output.listing(
        context.out(), format.format(), quiet, rows(history, Instant.now()), LISTING, "{{.ID}}");
    return ExitCodes.OK;
  }

  List<Map<String, Object>> rows(JsonNode history, Instant now) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (JsonNode layer : history) {
      Instant created = Instant.ofEpochSecond(layer.path("Created").asLong());
      String createdBy = layer.path("CreatedBy").asText().replace('\t', ' ');
      long size = layer.path("Size").asLong();
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("Comment", layer.path("Comment").asText());
      row.put("CreatedAt", rfc3339(created));
      row.put("CreatedBy", noTrunc ? createdBy : Ids.ellipsis(createdBy, 45));
      row.put("CreatedSince", human ? HumanUnits.ago(created, now) : rfc3339(created));
      row.put("ID", Ids.shown(layer.path("Id").asText(), noTrunc));
      row.put("Size", human ? HumanUnits.humanSize(size, 3) : Long.toString(size));
      rows.add(row);
    }
    return rows;
  }

  private static String rfc3339(Instant time) {
    return RFC3339.format(time.atZone(java.time.ZoneId.systemDefault()));
  }
}
