package io.berth.build;

import io.berth.dockerfile.DockerIgnore;
import io.berth.oci.ImageReference;
import io.berth.oci.Platform;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One build as a client asks for it: a context directory already on the daemon's disk (unpacked
 * from the client's tar stream, with the ignore file already applied), the Dockerfile, and the
 * options of {@code docker build}.
 *
 * @param context the build context's root directory; nothing outside it may be read
 * @param dockerfile the Dockerfile's path relative to the context, as {@code -f} gives it
 * @param dockerfileText the Dockerfile's bytes when they come from elsewhere ({@code -f -}, or a
 *     remote context); empty to read {@code dockerfile} from the context
 * @param buildArgs {@code --build-arg} values; a key with an empty optional takes its value from
 *     the client's environment, which the client has already resolved
 * @param target {@code --target}: the stage to stop at; empty for the last stage
 * @param tags {@code -t} references to point at the result
 * @param labels {@code --label} values added to the image config
 * @param noCache {@code --no-cache}: answer no step from the cache
 * @param cacheFrom {@code --cache-from} images whose layers may answer steps
 * @param sourceDateEpoch {@code SOURCE_DATE_EPOCH} in seconds: every timestamp the build writes
 * @param platform {@code --platform}; empty for the daemon's own
 * @param networkMode the default network of RUN steps: {@code default}, {@code none}, {@code host}
 * @param secrets {@code --secret} values by id, for {@code RUN --mount=type=secret}; never stored
 *     in the image or the cache
 * @param contextIgnore for a context read in place, the {@code .dockerignore} rules the engine must
 *     apply itself (an ignored path is as absent as if the client had not sent it); {@link
 *     DockerIgnore#EMPTY} for a context that arrived already filtered
 * @param knownDigests the sha256 digests ({@code sha256:<hex>}) of context files, by
 *     context-relative path, that whoever wrote the context computed as it wrote it (the API,
 *     unpacking the client's tar into a directory of the daemon's own); the engine takes them
 *     instead of reading the files again. Empty for a context it must hash itself.
 */
public record BuildRequest(
    Path context,
    String dockerfile,
    Optional<byte[]> dockerfileText,
    Map<String, String> buildArgs,
    Optional<String> target,
    List<ImageReference> tags,
    Map<String, String> labels,
    boolean noCache,
    List<String> cacheFrom,
    Optional<Long> sourceDateEpoch,
    Optional<Platform> platform,
    String networkMode,
    Map<String, byte[]> secrets,
    DockerIgnore contextIgnore,
    Map<String, String> knownDigests,
    Optional<String> remoteContext) {

  /** A request whose context was already filtered. */
  public BuildRequest(
      Path context,
      String dockerfile,
      Optional<byte[]> dockerfileText,
      Map<String, String> buildArgs,
      Optional<String> target,
      List<ImageReference> tags,
      Map<String, String> labels,
      boolean noCache,
      List<String> cacheFrom,
      Optional<Long> sourceDateEpoch,
      Optional<Platform> platform,
      String networkMode,
      Map<String, byte[]> secrets) {
    this(
        context,
        dockerfile,
        dockerfileText,
        buildArgs,
        target,
        tags,
        labels,
        noCache,
        cacheFrom,
        sourceDateEpoch,
        platform,
        networkMode,
        secrets,
        DockerIgnore.EMPTY,
        Map.of(),
        Optional.empty());
  }

  /** A request without secrets. */
  public BuildRequest(
      Path context,
      String dockerfile,
      Optional<byte[]> dockerfileText,
      Map<String, String> buildArgs,
      Optional<String> target,
      List<ImageReference> tags,
      Map<String, String> labels,
      boolean noCache,
      List<String> cacheFrom,
      Optional<Long> sourceDateEpoch,
      Optional<Platform> platform,
      String networkMode) {
    this(
        context,
        dockerfile,
        dockerfileText,
        buildArgs,
        target,
        tags,
        labels,
        noCache,
        cacheFrom,
        sourceDateEpoch,
        platform,
        networkMode,
        Map.of());
  }

  public BuildRequest {
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(dockerfile, "dockerfile");
    Objects.requireNonNull(dockerfileText, "dockerfileText");
    buildArgs = Map.copyOf(buildArgs);
    Objects.requireNonNull(target, "target");
    tags = List.copyOf(tags);
    labels = Map.copyOf(labels);
    cacheFrom = List.copyOf(cacheFrom);
    Objects.requireNonNull(sourceDateEpoch, "sourceDateEpoch");
    Objects.requireNonNull(platform, "platform");
    Objects.requireNonNull(networkMode, "networkMode");
    secrets = Map.copyOf(secrets);
    Objects.requireNonNull(contextIgnore, "contextIgnore");
    knownDigests = Map.copyOf(knownDigests);
    Objects.requireNonNull(remoteContext, "remoteContext");
  }

  /** This request fetching its context from {@code url}. */
  public BuildRequest withRemoteContext(String url) {
    return new BuildRequest(
        context,
        dockerfile,
        dockerfileText,
        buildArgs,
        target,
        tags,
        labels,
        noCache,
        cacheFrom,
        sourceDateEpoch,
        platform,
        networkMode,
        secrets,
        contextIgnore,
        knownDigests,
        Optional.of(url));
  }

  /** This request with its context, fetched, in {@code dir}. */
  public BuildRequest withContext(Path dir) {
    return new BuildRequest(
        dir,
        dockerfile,
        dockerfileText,
        buildArgs,
        target,
        tags,
        labels,
        noCache,
        cacheFrom,
        sourceDateEpoch,
        platform,
        networkMode,
        secrets,
        contextIgnore,
        knownDigests,
        Optional.empty());
  }

  /** This request with {@code value} as its known digests. */
  public BuildRequest withKnownDigests(Map<String, String> value) {
    return new BuildRequest(
        context,
        dockerfile,
        dockerfileText,
        buildArgs,
        target,
        tags,
        labels,
        noCache,
        cacheFrom,
        sourceDateEpoch,
        platform,
        networkMode,
        secrets,
        contextIgnore,
        value,
        remoteContext);
  }

  /** This request with {@code value} as its secrets. */
  public BuildRequest withSecrets(Map<String, byte[]> value) {
    return new BuildRequest(
        context,
        dockerfile,
        dockerfileText,
        buildArgs,
        target,
        tags,
        labels,
        noCache,
        cacheFrom,
        sourceDateEpoch,
        platform,
        networkMode,
        value,
        contextIgnore,
        knownDigests,
        remoteContext);
  }

  /** This request reading its context in {@code dir}, applying {@code ignore} itself. */
  public BuildRequest inPlace(Path dir, DockerIgnore ignore) {
    return new BuildRequest(
        dir,
        dockerfile,
        dockerfileText,
        buildArgs,
        target,
        tags,
        labels,
        noCache,
        cacheFrom,
        sourceDateEpoch,
        platform,
        networkMode,
        secrets,
        ignore,
        knownDigests,
        remoteContext);
  }
}
