package io.berth.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.client.Response;
import io.berth.dockerfile.Diagnostic;
import io.berth.dockerfile.DockerIgnore;
import io.berth.dockerfile.Linter;
import io.berth.errors.BerthException;
import io.berth.errors.ErrorKind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.SequenceInputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code berth build [OPTIONS] PATH | -}: docker build's flags, spoken to the daemon's classic
 * {@code POST /build}; {@code --check} lints the Dockerfile and the context's ignore file without a
 * daemon.
 */
@Command(
    name = "build",
    mixinStandardHelpOptions = true,
    description = "Build an image from a Dockerfile.")
public final class BuildCommand extends ClientCommand {

  /** Where {@code -} reads from; tests replace it. */
  static InputStream stdin = System.in;

  @Parameters(index = "0", paramLabel = "PATH", description = "The build context, or - for stdin.")
  String context;

  @Option(
      names = {"-f", "--file"},
      description = "Name of the Dockerfile (default: PATH/Dockerfile), - for stdin.")
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
      description = "Suppress the build output and print image ID on success.")
  boolean quiet;

  private String progress = "auto";

  @Option(names = "--iidfile", description = "Write the image ID to the file.")
  Optional<String> iidfile = Optional.empty();

  @Option(names = "--label", description = "Set metadata for an image.")
  List<String> labels = new ArrayList<>();

  @Option(names = "--platform", description = "Set the target platform for the build.")
  Optional<String> platform = Optional.empty();

  @Option(
      names = "--network",
      description = "Set the networking mode for the RUN instructions during build.")
  Optional<String> network = Optional.empty();

  @Option(names = "--cache-from", description = "External cache sources.")
  List<String> cacheFrom = new ArrayList<>();

  @Option(names = "--secret", description = "Secret to expose to the build (id=x,src=file).")
  List<String> secrets = new ArrayList<>();

  @Option(
      names = "--explain-cache",
      description = "Print, at the end, why each step that missed the cache did (berth's).")
  boolean explainCache;

  @Option(
      names = {"--add-host", "--ssh", "--output", "-o", "--build-context", "--cache-to"},
      description = "Not implemented by berth; refused when given.")
  List<String> unsupported = new ArrayList<>();

  /** {@code --progress}, checked as it is parsed so a bad value is a flag error (125). */
  @Option(
      names = "--progress",
      description = "Type of progress output (auto, plain, tty, quiet, rawjson).")
  void progress(String value) {
    switch (value) {
      case "auto", "plain", "tty", "quiet", "rawjson" -> progress = value;
      default ->
          throw new ParameterException(
              spec.commandLine(),
              "invalid argument \""
                  + value
                  + "\" for \"--progress\" flag: expected auto, plain, tty, quiet or rawjson");
    }
  }

  @Override
  public Integer call() throws IOException {
    if (check) {
      return check();
    }
    refuseUnsupported();
    BuildOutput.Mode mode = mode();
    iidfile.ifPresent(BuildCommand::deleteQuietly);
    byte[] secretBytes = BuildSecretsOption.encode(secrets, context().env());
    BuildOutput output =
        new BuildOutput(mode, context().out(), explainCache, System::currentTimeMillis);
    if (isRemote()) {
      sendRemote(secretBytes, mode, output);
      output.finish();
      return finished(output);
    }
    Optional<LocalContext> local = localContext();
    boolean sent = false;
    if (local.isPresent()) {
      sent = sendInPlace(local.get(), secretBytes, mode, output);
    }
    if (!sent) {
      send(source(), secretBytes, mode, output);
    }
    output.finish();
    return finished(output);
  }

  /** The exit of a build whose stream {@code output} read: its error, or the image ID written. */
  private Integer finished(BuildOutput output) throws IOException {
    if (output.error().isPresent()) {
      throw new BerthException(ErrorKind.FAILED_PRECONDITION, output.error().get());
    }
    String id =
        output
            .imageId()
            .orElseThrow(
                () ->
                    new BerthException(
                        ErrorKind.INTERNAL, "the daemon ended the build without an image ID"));
    if (iidfile.isPresent()) {
      Files.writeString(Path.of(iidfile.get()), id);
    }
    return ExitCodes.OK;
  }

  private void send(
      BuildContextSource source, byte[] secretBytes, BuildOutput.Mode mode, BuildOutput output)
      throws IOException {
    String path =
        "/build"
            + query(source.dockerfile(), mode == BuildOutput.Mode.QUIET)
            + secretsQuery(secretBytes);
    InputStream body =
        new SequenceInputStream(new ByteArrayInputStream(secretBytes), source.body());
    try {
      stream(path, body, output);
    } catch (BerthException e) {
      if (source.failed().isPresent()) {
        throw BuildContextSource.asError(source.failed().get());
      }
      throw e;
    }
  }

  /**
   * Asks the daemon to read the context where it lies; false when it refuses (it sees another
   * directory there, or is an older daemon), and the caller sends the tar instead.
   */
  private boolean sendInPlace(
      LocalContext local, byte[] secretBytes, BuildOutput.Mode mode, BuildOutput output)
      throws IOException {
    String path =
        "/build"
            + query(local.dockerfile(), mode == BuildOutput.Mode.QUIET)
            + "&"
            + LocalContext.QUERY
            + "="
            + URLEncoder.encode(local.dir().toString(), StandardCharsets.UTF_8)
            + "&"
            + LocalContext.ID_QUERY
            + "="
            + URLEncoder.encode(local.id(), StandardCharsets.UTF_8)
            + secretsQuery(secretBytes);
    try {
      stream(path, new ByteArrayInputStream(secretBytes), output);
      return true;
    } catch (BerthException e) {
      if (e.getMessage() != null && e.getMessage().contains(LocalContext.REFUSED)) {
        return false;
      }
      throw e;
    }
  }

  private void stream(String path, InputStream body, BuildOutput output) throws IOException {
    try (Response response =
        context().client().upload("POST", path, Map.of(), "application/x-tar", body)) {
      Jsons.messages(response.body(), output::accept);
    }
  }

  /** Whether the context is a URL or a git repository, which the daemon fetches itself. */
  private boolean isRemote() {
    return context.matches("^(?i)(https?|git)://.*|^git@.*");
  }

  /** Asks the daemon to fetch the context ({@code remote=URL}), as the docker CLI does for URLs. */
  private void sendRemote(byte[] secretBytes, BuildOutput.Mode mode, BuildOutput output)
      throws IOException {
    if (file.equals(Optional.of("-"))) {
      throw BerthException.invalid(
          "invalid argument: -f - cannot be used with a remote build context");
    }
    String path =
        "/build"
            + query(file.orElse("Dockerfile"), mode == BuildOutput.Mode.QUIET)
            + "&remote="
            + URLEncoder.encode(context, StandardCharsets.UTF_8)
            + secretsQuery(secretBytes);
    stream(path, new ByteArrayInputStream(secretBytes), output);
  }

  private static String secretsQuery(byte[] secretBytes) {
    return secretBytes.length == 0 ? "" : "&berthsecrets=" + secretBytes.length;
  }

  /**
   * The context to read in place, when it can be: a directory with the Dockerfile inside it, a
   * berth daemon (its {@code Server} header says so: Docker's would ignore the extension and build
   * from an empty context), and {@code BERTH_BUILD_CONTEXT} not set to {@code tar}. The daemon is
   * on a unix socket, so on this machine; whether it sees the same directory it checks itself.
   */
  private Optional<LocalContext> localContext() throws IOException {
    if (context.equals("-")
        || file.equals(Optional.of("-"))
        || "tar".equals(context().env().get("BERTH_BUILD_CONTEXT"))) {
      return Optional.empty();
    }
    Optional<LocalContext> local = LocalContext.of(Path.of(context), file);
    if (local.isPresent() && !context().client().ping().server().startsWith("berth/")) {
      return Optional.empty();
    }
    return local;
  }

  private BuildOutput.Mode mode() {
    if (quiet || progress.equals("quiet")) {
      return BuildOutput.Mode.QUIET;
    }
    if (progress.equals("auto")) {
      java.io.Console console = System.console();
      return console != null && console.isTerminal()
          ? BuildOutput.Mode.TTY
          : BuildOutput.Mode.PLAIN;
    }
    return BuildOutput.Mode.parse(progress);
  }

  private void refuseUnsupported() {
    if (!unsupported.isEmpty()) {
      throw BerthException.notImplemented(
          "berth build with --add-host, --ssh, --output, --build-context or --cache-to");
    }
  }

  /** The context to send, from the directory, or stdin ({@code -}). */
  private BuildContextSource source() throws IOException {
    if (context.equals("-")) {
      if (file.equals(Optional.of("-"))) {
        throw BerthException.invalid(
            "invalid argument: can't use stdin for both build context and dockerfile");
      }
      BuildContextSource fromStdin = BuildContextSource.stdin(stdin);
      return file.map(f -> new BuildContextSource(f, fromStdin.body(), fromStdin.failure()))
          .orElse(fromStdin);
    }
    Optional<byte[]> text = Optional.empty();
    if (file.equals(Optional.of("-"))) {
      text = Optional.of(stdin.readAllBytes());
    }
    return BuildContextSource.directory(Path.of(context), file.filter(f -> !f.equals("-")), text);
  }

  /** The query of {@code POST /build}, with {@code t} repeated as the docker CLI sends it. */
  String query(String dockerfile, boolean quietBuild) {
    List<String[]> params = new ArrayList<>();
    params.add(new String[] {"dockerfile", dockerfile});
    for (String tag : tags) {
      params.add(new String[] {"t", tag});
    }
    target.ifPresent(t -> params.add(new String[] {"target", t}));
    if (noCache) {
      params.add(new String[] {"nocache", "1"});
    }
    if (pull) {
      params.add(new String[] {"pull", "1"});
    }
    if (quietBuild) {
      params.add(new String[] {"q", "1"});
    }
    params.add(new String[] {"rm", "1"});
    platform.ifPresent(p -> params.add(new String[] {"platform", p}));
    network.ifPresent(n -> params.add(new String[] {"networkmode", n}));
    params.add(new String[] {"buildargs", json(buildArgs())});
    params.add(new String[] {"labels", json(labels())});
    if (!cacheFrom.isEmpty()) {
      params.add(new String[] {"cachefrom", json(cacheFrom)});
    }
    params.add(new String[] {"version", "1"});
    StringBuilder query = new StringBuilder();
    for (String[] p : params) {
      query.append(query.isEmpty() ? '?' : '&');
      query.append(URLEncoder.encode(p[0], StandardCharsets.UTF_8));
      query.append('=').append(URLEncoder.encode(p[1], StandardCharsets.UTF_8));
    }
    return query.toString();
  }

  /**
   * {@code KEY=VALUE}, or {@code KEY} alone for the value in the environment (left out if none);
   * {@code SOURCE_DATE_EPOCH} in the environment is passed on as a build argument, as buildx does,
   * unless a {@code --build-arg} names it.
   */
  private Map<String, String> buildArgs() {
    Map<String, String> values = new LinkedHashMap<>();
    for (String arg : buildArgs) {
      int eq = arg.indexOf('=');
      if (eq == 0) {
        throw BerthException.invalid("invalid --build-arg \"%s\": the name is empty", arg);
      }
      if (eq > 0) {
        values.put(arg.substring(0, eq), arg.substring(eq + 1));
      } else {
        String fromEnv = context().env().get(arg);
        if (fromEnv != null) {
          values.put(arg, fromEnv);
        }
      }
    }
    String epoch = context().env().get("SOURCE_DATE_EPOCH");
    if (epoch != null && !epoch.isEmpty()) {
      values.putIfAbsent("SOURCE_DATE_EPOCH", epoch);
    }
    return values;
  }

  /** {@code values} as a JSON object. */
  private static String json(Map<String, String> values) {
    ObjectNode object = Jsons.object();
    values.forEach(object::put);
    return Jsons.write(object);
  }

  /** {@code values} as a JSON array. */
  private static String json(List<String> values) {
    ArrayNode array = Jsons.array();
    values.forEach(array::add);
    return Jsons.write(array);
  }

  private Map<String, String> labels() {
    Map<String, String> values = new LinkedHashMap<>();
    for (String label : labels) {
      int eq = label.indexOf('=');
      if (eq == 0) {
        throw BerthException.invalid("invalid --label \"%s\": the name is empty", label);
      }
      values.put(eq < 0 ? label : label.substring(0, eq), eq < 0 ? "" : label.substring(eq + 1));
    }
    return values;
  }

  private static void deleteQuietly(String path) {
    try {
      Files.deleteIfExists(Path.of(path));
    } catch (IOException e) {
      throw BerthException.precondition("cannot remove the old --iidfile %s: %s", path, e);
    }
  }

  private int check() throws IOException {
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
