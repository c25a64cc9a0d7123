package io.berth.cli;

import io.berth.cli.template.Formats;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth images} and {@code berth image ls}: the local images, one row per tag. */
@Command(name = "images", description = "List images.")
class ImagesCommand extends ClientCommand {
  static final Formats.Listing LISTING =
      new Formats.Listing(
          "{{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}",
          "repository: {{.Repository}}\\ntag: {{.Tag}}\\nimage_id: {{.ID}}\\n"
              + "created_at: {{.CreatedAt}}\\nvirtual_size: {{.Size}}\\n",
          Map.ofEntries(
              Map.entry("Repository", "REPOSITORY"),
              Map.entry("Tag", "TAG"),
              Map.entry("Digest", "DIGEST"),
              Map.entry("ID", "IMAGE ID"),
              Map.entry("CreatedSince", "CREATED"),
              Map.entry("CreatedAt", "CREATED AT"),
              Map.entry("Size", "SIZE"),
              Map.entry("Containers", "CONTAINERS"),
              Map.entry("SharedSize", "SHARED SIZE"),
              Map.entry("UniqueSize", "UNIQUE SIZE"),
              Map.entry("VirtualSize", "VIRTUAL SIZE")));

  private static final String WITH_DIGESTS =
      "table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}";

  @Option(
      names = {"-a", "--all"},
      description = "Show all images (default hides intermediate images).")
  boolean all;

  @Option(
      names = {"-q", "--quiet"},
      description = "Only show image IDs.")
  boolean quiet;

  @Option(names = "--digests", description = "Show digests.")
  boolean digests;

  @Option(names = "--no-trunc", description = "Don't truncate output.")
  boolean noTrunc;

  @Mixin FilterOption filter;
  @Mixin ListFormatOption format;

  @Parameters(arity = "0..1", paramLabel = "REPOSITORY[:TAG]")
  String reference;

  @Override
  public Integer call() {
    Map<String, String> query = new LinkedHashMap<>();
    if (all) {
      query.put("all", "1");
    }
    if (reference != null) {
      filter.filters.add("reference=" + reference);
    }
    filter.addTo(query);
    if (digests) {
      query.put("digests", "1");
    }
    CliContext context = context();
    var images = context.client().get("/images/json", query);
    var rows = ImageRows.of(images, digests, noTrunc, Instant.now());
    String chosen = digests && format.format().isEmpty() ? WITH_DIGESTS : format.format();
    Output.listing(context.out(), chosen, quiet, rows, LISTING, "{{.ID}}");
    return ExitCodes.OK;
  }

  /** {@code berth image ls}. */
  @Command(
      name = "ls",
      aliases = {"list"},
      description = "List images.")
  static final class Ls extends ImagesCommand {}
}
