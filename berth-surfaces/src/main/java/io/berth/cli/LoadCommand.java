package io.berth.cli;

import io.berth.client.Response;
import io.berth.errors.BerthException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth load}: images from a tar archive, a file ({@code -i}) or stdin. */
@Command(name = "load", description = "Load an image from a tar archive or STDIN.")
final class LoadCommand extends ClientCommand {
  @Option(
      names = {"-i", "--input"},
      paramLabel = "FILE",
      description = "Read from tar archive file, instead of STDIN.")
  Path input;

  @Option(
      names = {"-q", "--quiet"},
      description = "Suppress the load output.")
  boolean quiet;

  @Option(names = "--platform", paramLabel = "STRING", description = "Load only this platform.")
  String platform;

  @Override
  public Integer call() throws IOException {
    CliContext context = context();
    Stdio stdio = context.stdio();
    if (input == null && Terminals.isTerminal(stdio, 0)) {
      throw BerthException.invalid(
          "requested load from stdin, but stdin is empty (use -i FILE or redirect a file)");
    }
    Map<String, String> query = new LinkedHashMap<>();
    query.put("quiet", quiet ? "1" : "0");
    if (platform != null) {
      query.put("platform", Platforms.json(platform));
    }
    try (InputStream body = input == null ? stdio.in() : Files.newInputStream(input);
        Response response =
            context.client().upload("POST", "/images/load", query, "application/x-tar", body)) {
      Jsons.messages(response.body(), m -> Progress.print(context.out(), m));
    }
    return ExitCodes.OK;
  }
}
