package io.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.client.JsonTrees;
import io.berth.client.Response;
import io.berth.errors.BerthException;
import io.berth.errors.ErrorKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth cp}: files between a container and the local filesystem through the archive
 * endpoints; {@code -} is a tar stream on stdin or stdout. Local extraction goes through {@link
 * ConfinedTar}, so a hostile archive cannot write outside the destination.
 */
@Command(
    name = "cp",
    description = "Copy files/folders between a container and the local filesystem.")
final class CpCommand extends ClientCommand {
  @Option(
      names = {"-a", "--archive"},
      description = "Archive mode (copy all uid/gid information).")
  boolean archive;

  @Option(
      names = {"-L", "--follow-link"},
      description = "Always follow symbol link in SRC_PATH.")
  boolean followLink;

  @Option(
      names = {"-q", "--quiet"},
      description = "Suppress progress output during copy.")
  boolean quiet;

  @Parameters(index = "0", paramLabel = "SRC")
  String source;

  @Parameters(index = "1", paramLabel = "DEST")
  String destination;

  /** {@code CONTAINER:PATH} split; empty for a local path. */
  record Remote(String container, String path) {
    static Optional<Remote> parse(String arg) {
      if (arg.startsWith("/") || arg.startsWith(".") || arg.equals("-")) {
        return Optional.empty();
      }
      int colon = arg.indexOf(':');
      if (colon <= 0) {
        return Optional.empty();
      }
      String path = arg.substring(colon + 1);
      return Optional.of(new Remote(arg.substring(0, colon), path.isEmpty() ? "/" : path));
    }
  }

  @Override
  public Integer call() throws IOException {
    Optional<Remote> from = Remote.parse(source);
    Optional<Remote> to = Remote.parse(destination);
    if (from.isPresent() == to.isPresent()) {
      throw BerthException.invalid(
          from.isPresent()
              ? "copying between containers is not supported"
              : "must specify at least one container source");
    }
    if (from.isPresent()) {
      fromContainer(from.get());
    } else {
      toContainer(to.get());
    }
    return ExitCodes.OK;
  }

  private void fromContainer(Remote from) throws IOException {
    CliContext context = context();
    try (Response response =
        context
            .client()
            .open(
                "GET",
                "/containers/" + from.container() + "/archive",
                Map.of("path", from.path()),
                null)) {
      if (destination.equals("-")) {
        response.body().transferTo(context.stdio().out());
        context.stdio().out().flush();
        return;
      }
      JsonNode stat = stat(response);
      String rootName = stat.path("name").asText(Path.of(from.path()).getFileName() + "");
      boolean sourceIsDir = (stat.path("mode").asLong() & (1L << 31)) != 0;
      Path dest = Path.of(destination);
      if (from.path().endsWith("/.")) {
        Files.createDirectories(dest);
        ConfinedTar.extract(response.body(), dest, rootName, "");
      } else if (Files.isDirectory(dest)) {
        ConfinedTar.extract(response.body(), dest, rootName, null);
      } else if (Files.exists(dest) && sourceIsDir) {
        throw BerthException.invalid("cannot copy a directory to a file: %s", destination);
      } else {
        Path parent = dest.toAbsolutePath().getParent();
        if (!Files.isDirectory(parent)) {
          throw BerthException.notFound("no such directory: %s", parent);
        }
        ConfinedTar.extract(response.body(), parent, rootName, dest.getFileName().toString());
      }
    }
    if (!quiet) {
      context.err().println("Successfully copied to " + destination);
      context.err().flush();
    }
  }

  private void toContainer(Remote to) throws IOException {
    CliContext context = context();
    Map<String, String> query = new LinkedHashMap<>();
    query.put("noOverwriteDirNonDir", "true");
    if (archive) {
      query.put("copyUIDGID", "true");
    }
    String path = "/containers/" + to.container() + "/archive";
    if (source.equals("-")) {
      query.put("path", to.path());
      upload(context, path, query, context.stdio().in());
      return;
    }
    Path local = Path.of(source);
    if (followLink) {
      local = local.toRealPath();
    }
    if (!Files.exists(local, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      throw BerthException.notFound("no such file or directory: %s", source);
    }
    boolean destIsDir = remoteIsDirectory(context, to);
    String name;
    if (destIsDir) {
      query.put("path", to.path());
      name = local.toAbsolutePath().normalize().getFileName().toString();
    } else {
      Path remote = Path.of(to.path());
      query.put("path", remote.getParent() == null ? "/" : remote.getParent().toString());
      name = remote.getFileName().toString();
    }
    PipedInputStream pipe = new PipedInputStream(64 * 1024);
    PipedOutputStream writer = new PipedOutputStream(pipe);
    Path packed = local;
    Thread packer =
        Thread.ofVirtual()
            .start(
                () -> {
                  try (writer) {
                    ConfinedTar.pack(packed, name, writer);
                  } catch (IOException e) {
                    // the upload sees the pipe end early and fails with the daemon's answer
                  }
                });
    upload(context, path, query, pipe);
    try {
      packer.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!quiet) {
      context.err().println("Successfully copied to " + destination);
      context.err().flush();
    }
  }

  private static void upload(
      CliContext context, String path, Map<String, String> query, InputStream body)
      throws IOException {
    try (Response response =
        context.client().upload("PUT", path, query, "application/x-tar", body)) {
      response.body().transferTo(java.io.OutputStream.nullOutputStream());
    }
  }

  /** Whether {@code to} is an existing folder in the container (HEAD's path stat). */
  private static boolean remoteIsDirectory(CliContext context, Remote to) throws IOException {
    try (Response response =
        context
            .client()
            .open(
                "HEAD",
                "/containers/" + to.container() + "/archive",
                Map.of("path", to.path()),
                null)) {
      return (stat(response).path("mode").asLong() & (1L << 31)) != 0;
    } catch (BerthException e) {
      if (e.kind() == ErrorKind.NOT_FOUND && !to.path().endsWith("/")) {
        return false;
      }
      throw e;
    }
  }

  /** The {@code X-Docker-Container-Path-Stat} header: base64 JSON of name, size, mode. */
  private static JsonNode stat(Response response) throws IOException {
    Optional<String> header = response.header("X-Docker-Container-Path-Stat");
    if (header.isEmpty()) {
      return Jsons.object();
    }
    byte[] json = Base64.getDecoder().decode(header.get().strip());
    return JsonTrees.read(json);
  }
}
