package io.berth.cli;

import io.berth.dockerfile.Diagnostic;
import io.berth.dockerfile.DockerIgnore;
import io.berth.dockerfile.Linter;
import io.berth.errors.BerthException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code berth build [OPTIONS] PATH | -}: docker build's flags; {@code --check} lints the
 * Dockerfile and the context's ignore file without a daemon.
 */
@Command(
    name = "build",
    mixinStandardHelpOptions = true,
    description = "Build an image from a Dockerfile.")
public final class BuildCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "PATH", description = "The build context, or - for stdin.")
  String context;

  @Option(
      names = {"-f", "--file"},
      description = "Name of the Dockerfile (default: PATH/Dockerfile).")
  Optional<String> file = Optional.empty();

  @Option(
      names = {"-t", "--tag"},
      description = "Name and optionally a tag (name:tag).")
  List<String> tags = new ArrayList<>();

  @Option(names = "--build-arg", description = "Set build-time variables.")
  List<String> buildArgs = new ArrayList<>();

  @Option(names = "--target", description = "Set the target build stage to build.")
  Optional<String> target = Optional.empty();

  @Option(names = "--check", description = "Check the build without building it.")
  boolean check;

  @Option(names = "--no-cache", description = "Do not use cache when building the image.")
  boolean noCache;

  @Option(names = "--pull", description = "Always attempt to pull all referenced images.")
  boolean pull;

  @Option(
      names = {"-q", "--quiet"},
      description = "Suppress the build output.")
  boolean quiet;

  @Option(names = "--progress", description = "Type of progress output (auto, plain, tty, quiet).")
  String progress = "auto";

  @Option(names = "--iidfile", description = "Write the image ID to the file.")
  Optional<String> iidfile = Optional.empty();

  @Option(names = "--label", description = "Set metadata for an image.")
  List<String> labels = new ArrayList<>();

  @Option(names = "--platform", description = "Set the target platform for the build.")
  Optional<String> platform = Optional.empty();

  @Override
  public Integer call() throws IOException {
    if (!check) {
      // TODO(#2): run builds through the daemon client once the build service exists.
      throw BerthException.notImplemented("berth build without --check");
    }
    if (context.equals("-")) {
      throw BerthException.notImplemented("berth build --check with the context on stdin");
    }
    Path contextDir = Path.of(context);
    if (!Files.isDirectory(contextDir)) {
      throw BerthException.notFound("build context %s: no such directory", contextDir);
    }
    Path dockerfile = file.map(Path::of).orElse(contextDir.resolve("Dockerfile"));
    if (!Files.isRegularFile(dockerfile)) {
      throw BerthException.notFound("Dockerfile %s: no such file", dockerfile);
    }
    String name = dockerfile.getFileName().toString();
    String text = new String(Files.readAllBytes(dockerfile), StandardCharsets.UTF_8);
    List<Diagnostic> found = Linter.check(name, text, ignore(contextDir, dockerfile), target);
    return report(found);
  }

  private static DockerIgnore ignore(Path contextDir, Path dockerfile) throws IOException {
    Optional<Path> found = DockerIgnore.locate(contextDir, dockerfile, Files::isRegularFile);
    if (found.isEmpty()) {
      return DockerIgnore.EMPTY;
    }
    try (InputStream in = Files.newInputStream(found.get())) {
      return DockerIgnore.read(found.get().getFileName().toString(), in);
    }
  }

  private int report(List<Diagnostic> found) {
    PrintWriter out = spec.commandLine().getOut();
    long errors = found.stream().filter(d -> d.severity() == Diagnostic.Severity.ERROR).count();
    long warnings = found.size() - errors;
    for (Diagnostic d : found) {
      out.println((d.severity() == Diagnostic.Severity.ERROR ? "ERROR: " : "WARNING: ") + d);
    }
    if (found.isEmpty()) {
      out.println("Check complete, no warnings found.");
    } else {
      out.printf(
          "Check complete, %d error(s) and %d warning(s) have been found!%n", errors, warnings);
    }
    out.flush();
    return errors > 0 ? 1 : 0;
  }
}
