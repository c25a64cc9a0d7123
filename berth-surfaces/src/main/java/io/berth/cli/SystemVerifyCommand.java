package io.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import picocli.CommandLine.Command;

/**
 * {@code berth system verify} (berth's own): re-hashes every blob and checks every image in the
 * store; prints each problem and exits 1 when the store is damaged.
 */
@Command(
    name = "verify",
    description = "Check every blob and image in the store against its digest (berth only).")
final class SystemVerifyCommand extends ClientCommand {
  /** The berth-specific endpoint the image routes serve. */
  static final String PATH = "/berth/system/verify";

  @Override
  public Integer call() {
    CliContext context = context();
    JsonNode report = context.client().post(PATH, Map.of(), null);
    JsonNode problems = report.path("Problems");
    for (JsonNode problem : problems) {
      context.err().println(problem.asText());
    }
    context.err().flush();
    context
        .out()
        .println(
            "Checked %d blobs and %d images: %s"
                .formatted(
                    report.path("Blobs").asInt(),
                    report.path("Images").asInt(),
                    problems.isEmpty() ? "no problems" : problems.size() + " problems"));
    context.out().flush();
    return problems.isEmpty() ? ExitCodes.OK : ExitCodes.ERROR;
  }
}
