package io.berth.cli;

import io.berth.errors.BerthException;
import io.berth.oci.ImageReference;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth push}: an image to its registry, with docker's output. */
@Command(name = "push", description = "Upload an image to a registry.")
final class PushCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "NAME[:TAG]")
  String name;

  @Option(
      names = {"-a", "--all-tags"},
      description = "Push all tags of an image to the repository.")
  boolean allTags;

  @Option(
      names = {"-q", "--quiet"},
      description = "Suppress verbose output.")
  boolean quiet;

  @Option(
      names = "--disable-content-trust",
      description = "Skip image signing (always: berth has no content trust).")
  boolean disableContentTrust;

  @Override
  public Integer call() {
    if (allTags) {
      throw BerthException.notImplemented("push --all-tags");
    }
    ImageReference reference = ImageReference.parseNormalized(name);
    if (reference.tag().isEmpty()) {
      reference = reference.withTag(ImageReference.DEFAULT_TAG);
      if (!quiet) {
        context().out().println("Using default tag: latest");
      }
    }
    CliContext context = context();
    Map<String, String> query = new LinkedHashMap<>();
    query.put("tag", reference.tag().orElseThrow());
    String path = "/images/" + reference.withoutTagOrDigest().familiarString() + "/push";
    Map<String, String> headers = new LinkedHashMap<>();
    new RegistryLogins(context.env())
        .header(reference.domain())
        .ifPresent(h -> headers.put("X-Registry-Auth", h));
    context.client().stream(
        "POST",
        path,
        query,
        null,
        headers,
        m -> {
          if (!quiet && !m.hasNonNull("aux")) {
            PullCommand.printWithoutProgress(context, m);
          } else if (m.hasNonNull("error") || m.hasNonNull("errorDetail")) {
            Progress.print(context.out(), m);
          }
        });
    if (quiet) {
      context.out().println(reference.toString());
    }
    context.out().flush();
    return ExitCodes.OK;
  }
}
