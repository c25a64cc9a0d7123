package io.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.cli.template.Formats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code berth system df}: the space images, containers, volumes and build cache take. */
@Command(name = "df", description = "Show docker disk usage.")
final class SystemDfCommand extends ClientCommand {
  static final Formats.Listing LISTING =
      new Formats.Listing(
          "{{.Type}}\t{{.TotalCount}}\t{{.Active}}\t{{.Size}}\t{{.Reclaimable}}",
          "{{.Type}}\t{{.TotalCount}}\t{{.Active}}\t{{.Size}}\t{{.Reclaimable}}",
          Map.of(
              "Type", "TYPE",
              "TotalCount", "TOTAL",
              "Active", "ACTIVE",
              "Size", "SIZE",
              "Reclaimable", "RECLAIMABLE"));

  @Option(
      names = {"-v", "--verbose"},
      description = "Show detailed information on space usage.")
  boolean verbose;

  @Mixin ListFormatOption format;

  @Override
  public Integer call() {
    CliContext context = context();
    JsonNode df = context.client().get("/system/df", Map.of());
    if (verbose && format.format().isEmpty()) {
      verbose(context, df);
      return ExitCodes.OK;
    }
    Output.listing(context.out(), format.format(), false, rows(df), LISTING, "");
    return ExitCodes.OK;
  }

  static List<Map<String, Object>> rows(JsonNode df) {
    List<Map<String, Object>> rows = new ArrayList<>();
    rows.add(images(df));
    rows.add(containers(df.path("Containers")));
    rows.add(volumes(df.path("Volumes")));
    rows.add(buildCache(df.path("BuildCache")));
    return rows;
  }

  private static Map<String, Object> images(JsonNode df) {
    long total = df.path("LayersSize").asLong();
    long used = 0;
    int active = 0;
    for (JsonNode image : df.path("Images")) {
      if (image.path("Containers").asLong() > 0) {
        active++;
        long size = image.path("Size").asLong(-1);
        long shared = image.path("SharedSize").asLong(-1);
        if (size >= 0 && shared >= 0) {
          used += size - shared;
        }
      }
    }
    return row("Images", df.path("Images").size(), active, total, total - used);
  }

  private static Map<String, Object> containers(JsonNode containers) {
    long total = 0;
    long reclaimable = 0;
    int active = 0;
    for (JsonNode c : containers) {
      String state = c.path("State").asText();
      long size = c.path("SizeRw").asLong();
      total += size;
      if (state.contains("running") || state.contains("paused") || state.contains("restarting")) {
        active++;
      } else {
        reclaimable += size;
      }
    }
    return row("Containers", containers.size(), active, total, reclaimable);
  }

  private static Map<String, Object> volumes(JsonNode volumes) {
    long total = 0;
    long reclaimable = 0;
    int active = 0;
    for (JsonNode v : volumes) {
      long size = v.path("UsageData").path("Size").asLong(-1);
      boolean used = v.path("UsageData").path("RefCount").asLong() > 0;
      if (size > 0) {
        total += size;
        reclaimable += used ? 0 : size;
      }
      active += used ? 1 : 0;
    }
    return row("Local Volumes", volumes.size(), active, total, reclaimable);
  }

  private static Map<String, Object> buildCache(JsonNode records) {
    long total = 0;
    long reclaimable = 0;
    int active = 0;
    for (JsonNode r : records) {
      long size = r.path("Size").asLong();
      if (!r.path("Shared").asBoolean()) {
        total += size;
      }
      if (r.path("InUse").asBoolean()) {
        active++;
      } else if (!r.path("Shared").asBoolean()) {
        reclaimable += size;
      }
    }
    return row("Build Cache", records.size(), active, total, reclaimable);
  }

  private static Map<String, Object> row(
      String type, int count, int active, long size, long reclaimable) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("Active", Integer.toString(active));
    row.put(
        "Reclaimable",
        HumanUnits.humanSize(reclaimable)
            + (size > 0 && !type.equals("Build Cache")
                ? " (" + reclaimable * 100 / size + "%)"
                : ""));
    row.put("Size", HumanUnits.humanSize(size));
    row.put("TotalCount", Integer.toString(count));
    row.put("Type", type);
    return row;
  }

  /** {@code -v}: a table per kind, as docker's verbose view. */
  private static void verbose(CliContext context, JsonNode df) {
    var out = context.out();
    Instant now = Instant.now();
    out.println("Images space usage:\n");
    var imageRows = ImageRows.of(df.path("Images"), false, false, now);
    out.print(
        Formats.render(
            "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}"
                + "\t{{.SharedSize}}\t{{.UniqueSize}}\t{{.Containers}}",
            imageRows,
            ImagesCommand.LISTING));
    out.println("\nContainers space usage:\n");
    out.print(
        Formats.render(
            "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.LocalVolumes}}\t{{.Size}}"
                + "\t{{.RunningFor}}\t{{.Status}}\t{{.Names}}",
            ContainerRows.of(withoutVirtualSize(df.path("Containers")), false, now),
            PsCommand.LISTING));
    out.println("\nLocal Volumes space usage:\n");
    out.print(
        Formats.render(
            "table {{.Name}}\t{{.Links}}\t{{.Size}}",
            VolumeRows.of(df.path("Volumes")),
            VolumeLsCommand.LISTING));
    out.println("\nBuild cache usage: " + HumanUnits.humanSize(buildTotal(df)) + "\n");
    out.print(
        Formats.render(
            "table {{.ID}}\t{{.CacheType}}\t{{.Size}}\t{{.CreatedSince}}\t{{.LastUsedSince}}"
                + "\t{{.UsageCount}}\t{{.Shared}}",
            cacheRows(df.path("BuildCache"), now),
            CACHE_LISTING));
    out.flush();
  }

  private static final Formats.Listing CACHE_LISTING =
      new Formats.Listing(
          "{{.ID}}\t{{.CacheType}}\t{{.Size}}",
          "id: {{.ID}}\\n",
          Map.ofEntries(
              Map.entry("ID", "CACHE ID"),
              Map.entry("CacheType", "CACHE TYPE"),
              Map.entry("Size", "SIZE"),
              Map.entry("CreatedSince", "CREATED"),
              Map.entry("LastUsedSince", "LAST USED"),
              Map.entry("UsageCount", "USAGE"),
              Map.entry("Shared", "SHARED")));

  /** The containers without {@code SizeRootFs}: docker's verbose view shows no virtual size. */
  private static JsonNode withoutVirtualSize(JsonNode containers) {
    com.fasterxml.jackson.databind.node.ArrayNode copy =
        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
    for (JsonNode c : containers) {
      JsonNode row = c.deepCopy();
      if (row instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
        o.put("SizeRootFs", 0);
      }
      copy.add(row);
    }
    return copy;
  }

  /** The build cache rows as docker's verbose view shows them, least recently used first. */
  private static List<Map<String, Object>> cacheRows(JsonNode records, Instant now) {
    List<JsonNode> sorted = new ArrayList<>();
    records.forEach(sorted::add);
    sorted.sort(
        java.util.Comparator.comparing(
            r ->
                r.hasNonNull("LastUsedAt")
                    ? Instant.parse(r.get("LastUsedAt").asText())
                    : Instant.MIN));
    List<Map<String, Object>> rows = new ArrayList<>();
    for (JsonNode r : sorted) {
      String id = r.path("ID").asText();
      id = id.substring(id.indexOf(':') + 1);
      id = id.length() > 12 ? id.substring(0, 12) : id;
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("ID", r.path("InUse").asBoolean() ? id + "*" : id);
      row.put("CacheType", r.path("Type").asText());
      row.put("Size", HumanUnits.humanSize(r.path("Size").asLong(), 3));
      row.put("CreatedSince", HumanUnits.ago(Instant.parse(r.path("CreatedAt").asText()), now));
      row.put(
          "LastUsedSince",
          r.hasNonNull("LastUsedAt")
              ? HumanUnits.ago(Instant.parse(r.get("LastUsedAt").asText()), now)
              : "");
      row.put("UsageCount", Integer.toString(r.path("UsageCount").asInt()));
      row.put("Shared", Boolean.toString(r.path("Shared").asBoolean()));
      rows.add(row);
    }
    return rows;
  }

  /** The bytes of the records no image shares, as the summary's build cache row counts them. */
  private static long buildTotal(JsonNode df) {
    long total = 0;
    for (JsonNode r : df.path("BuildCache")) {
      if (!r.path("Shared").asBoolean()) {
        total += r.path("Size").asLong();
      }
    }
    return total;
  }
}
