package io.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.errors.BerthException;
import io.berth.oci.ImageReference;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth pull}: an image from its registry, with docker's output. */
@Command(name = "pull", description = "Download an image from a registry.")
final class PullCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "NAME[:TAG|@DIGEST]")
  String name;

  @Option(
      names = {"-a", "--all-tags"},
      description = "Download all tagged images in the repository.")
  boolean allTags;

  @Option(
      names = {"-q", "--quiet"},
      description = "Suppress verbose output.")
  boolean quiet;

  @Option(names = "--platform", paramLabel = "STRING", description = "Set platform.")
  String platform;

  @Option(
      names = "--disable-content-trust",
      description = "Skip image verification (always: berth has no content trust).")
  boolean disableContentTrust;

  @Override
  public Integer call() {
    if (allTags) {
      throw BerthException.notImplemented("pull --all-tags");
    }
    ImageReference given = ImageReference.parseNormalized(name);
    boolean untagged = given.tag().isEmpty() && given.digest().isEmpty();
    ImageReference reference = untagged ? given.withTag(ImageReference.DEFAULT_TAG) : given;
    if (untagged && !quiet) {
      context().out().println("Using default tag: latest");
    }
    CliContext context = context();
    Map<String, String> query = new LinkedHashMap<>();
    query.put("fromImage", reference.withoutTagOrDigest().toString());
    query.put(
        "tag",
        reference.digest().map(Object::toString).orElseGet(() -> reference.tag().orElseThrow()));
    if (platform != null) {
      query.put("platform", platform);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    new RegistryLogins(context.env())
        .header(reference.domain())
        .ifPresent(h -> headers.put("X-Registry-Auth", h));
    context.client().stream(
        "POST",
        "/images/create",
        query,
        null,
        headers,
        m -> {
          if (!quiet) {
            printWithoutProgress(context, m);
          } else if (m.hasNonNull("error") || m.hasNonNull("errorDetail")) {
            Progress.print(context.out(), m);
          }
        });
    context.out().println(reference.toString());
    context.out().flush();
    return ExitCodes.OK;
  }

  /** docker's output without a terminal: status lines, not the byte counts between them. */
  static void printWithoutProgress(CliContext context, JsonNode message) {
    if (message.path("progressDetail").size() > 0) {
      return;
    }
    Progress.print(context.out(), message);
  }
}
