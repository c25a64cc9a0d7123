package io.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.cli.template.Formats;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code berth volume ls}: the volumes. */
@Command(
    name = "ls",
    aliases = {"list"},
    description = "List volumes.")
final class VolumeLsCommand extends ClientCommand {
  static final Formats.Listing LISTING =
      new Formats.Listing(
          "{{.Driver}}\t{{.Name}}",
          "name: {{.Name}}\\ndriver: {{.Driver}}\\n",
          Map.ofEntries(
              Map.entry("Name", "VOLUME NAME"),
              Map.entry("Driver", "DRIVER"),
              Map.entry("Scope", "SCOPE"),
              Map.entry("Mountpoint", "MOUNTPOINT"),
              Map.entry("Labels", "LABELS"),
              Map.entry("Links", "LINKS"),
              Map.entry("Size", "SIZE"),
              Map.entry("Group", "GROUP"),
              Map.entry("Availability", "AVAILABILITY"),
              Map.entry("Status", "STATUS")));

  @Option(
      names = {"-q", "--quiet"},
      description = "Only display volume names.")
  boolean quiet;

  @Mixin FilterOption filter;
  @Mixin ListFormatOption format;

  @Override
  public Integer call() {
    Map<String, String> query = new LinkedHashMap<>();
    filter.addTo(query);
    CliContext context = context();
    JsonNode answer = context.client().get("/volumes", query);
    Output.listing(
        context.out(),
        format.format(),
        quiet,
        VolumeRows.of(answer.path("Volumes")),
        LISTING,
        "{{.Name}}");
    for (JsonNode warning : answer.path("Warnings")) {
      context.err().println(warning.asText());
    }
    return ExitCodes.OK;
  }
}
