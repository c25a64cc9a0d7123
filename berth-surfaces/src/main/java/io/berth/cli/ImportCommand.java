package io.berth.cli;

import io.berth.client.Response;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth import}: a filesystem tarball (a file, or {@code -} for stdin) as a one-layer image;
 * the file is streamed as the request body, never read into memory.
 */
@Command(
    name = "import",
    description = "Import the contents from a tarball to create a filesystem image.")
final class ImportCommand extends ClientCommand {
  @Option(
      names = {"-c", "--change"},
      paramLabel = "LIST",
      description = "Apply Dockerfile instruction to the created image.")
  List<String> changes = new ArrayList<>();

  @Option(
      names = {"-m", "--message"},
      paramLabel = "STRING",
      description = "Set commit message for imported image.")
  String message;

  @Option(names = "--platform", paramLabel = "STRING", description = "Set platform.")
  String platform;

  @Parameters(index = "0", paramLabel = "file|URL|-")
  String source;

  @Parameters(index = "1", arity = "0..1", paramLabel = "REPOSITORY[:TAG]")
  String reference;

  @Override
  public Integer call() throws IOException {
    CliContext context = context();
    boolean url = source.startsWith("http://") || source.startsWith("https://");
    String path = "/images/create" + query(url ? source : "-");
    try (InputStream body = body(context, url);
        Response response =
            context.client().upload("POST", path, Map.of(), "application/x-tar", body)) {
      Jsons.messages(response.body(), m -> Progress.print(context.out(), m));
    }
    return ExitCodes.OK;
  }

  private InputStream body(CliContext context, boolean url) throws IOException {
    if (url) {
      return InputStream.nullInputStream();
    }
    return source.equals("-") ? context.stdio().in() : Files.newInputStream(Path.of(source));
  }

  /** {@code fromSrc}, {@code repo}, {@code tag}, {@code message}, {@code platform}, changes. */
  String query(String fromSrc) {
    StringBuilder query = new StringBuilder("?fromSrc=").append(encode(fromSrc));
    if (reference != null) {
      References.RepoTag ref = References.split(reference);
      query.append("&repo=").append(encode(ref.repository()));
      query.append("&tag=").append(encode(ref.tag()));
    }
    if (message != null) {
      query.append("&message=").append(encode(message));
    }
    if (platform != null) {
      query.append("&platform=").append(encode(platform));
    }
    for (String change : changes) {
      query.append("&changes=").append(encode(change));
    }
    return query.toString();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
