package io.berth.cli;

import io.berth.client.Response;
import io.berth.errors.BerthException;
import io.berth.errors.ErrorKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth save}: images as a docker-archive tar, to a file ({@code -o}, written aside and
 * renamed into place) or to stdout, which must not be a terminal.
 */
@Command(
    name = "save",
    description = "Save one or more images to a tar archive (streamed to STDOUT by default).")
final class SaveCommand extends ClientCommand {
  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Write to a file, instead of STDOUT.")
  Path output;

  @Option(names = "--platform", paramLabel = "STRING", description = "Save only this platform.")
  List<String> platforms = List.of();

  @Parameters(arity = "1..*", paramLabel = "IMAGE")
  List<String> images;

  @Override
  public Integer call() throws IOException {
    CliContext context = context();
    Stdio stdio = context.stdio();
    if (output == null && Terminals.isTerminal(stdio, 1)) {
      throw BerthException.invalid(
          "cowardly refusing to save to a terminal. Use the -o flag or redirect");
    }
    String path = "/images/get" + References.repeated("names", images);
    if (!platforms.isEmpty()) {
      path +=
          "&platform="
              + java.net.URLEncoder.encode(
                  Platforms.json(platforms.getFirst()), java.nio.charset.StandardCharsets.UTF_8);
    }
    try (Response response = context.client().open("GET", path, Map.of(), null)) {
      if (output == null) {
        copy(response.body(), stdio.out());
      } else {
        write(response.body(), output);
      }
    }
    return ExitCodes.OK;
  }

  private static void copy(InputStream in, OutputStream out) throws IOException {
    in.transferTo(out);
    out.flush();
  }

  /** Writes the archive beside {@code target}, then renames it there: never half a file. */
  private static void write(InputStream in, Path target) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Path temporary = Files.createTempFile(dir, "." + target.getFileName(), ".partial");
    try {
      try (OutputStream out = Files.newOutputStream(temporary)) {
        in.transferTo(out);
      }
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      Files.deleteIfExists(temporary);
      throw new BerthException(
          ErrorKind.INTERNAL, "failed to save to " + target + ": " + e.getMessage(), e);
    }
  }
}
