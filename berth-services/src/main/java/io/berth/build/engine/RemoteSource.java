package io.berth.build.engine;

import io.berth.errors.BerthException;
import io.berth.oci.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * ADD's remote sources, fetched into a directory of the step's own: a file over http(s), named
 * after the last segment of the URL's path, mode 0600 and the server's {@code Last-Modified} as its
 * time, as Docker writes it; or a git repository checked out at a ref ({@code URL#ref:subdir}) with
 * Debian's {@code git}. What identifies the fetched content (the file's digest, the commit) goes
 * into the cache key, so a server serving the same bytes again answers the step from the cache.
 */
final class RemoteSource {

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NORMAL)
          .connectTimeout(Duration.ofSeconds(30))
          .build();

  /** One fetched source: where it lies, and what identifies its content for the cache key. */
  record Fetched(Path path, String identity, boolean directory) {}

  private RemoteSource() {}

  /** Whether ADD source {@code src} names a git repository. */
  static boolean isGit(String src) {
    if (src.startsWith("git@") || src.regionMatches(true, 0, "git://", 0, 6)) {
      return true;
    }
    if (!isUrl(src)) {
      return false;
    }
    String path = URI.create(src.split("#", 2)[0]).getPath();
    return path != null && path.endsWith(".git");
  }

  /** Whether {@code src} is an http(s) URL. */
  static boolean isUrl(String src) {
    String lower = src.toLowerCase(Locale.ROOT);
    return lower.startsWith("http://") || lower.startsWith("https://");
  }

  /**
   * Downloads {@code url} into {@code dir}; checks it against {@code checksum} ({@code
   * sha256:<hex>}) when one is given.
   */
  static Fetched download(String url, Path dir, Optional<String> checksum) {
    URI uri = URI.create(url);
    String name = fileName(uri);
    Path file = dir.resolve(name);
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(10)).GET().build();
    try {
      Files.createDirectories(dir);
      HttpResponse<InputStream> response =
          HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
      MessageDigest md = Digest.newMessageDigest(Digest.SHA256);
      try (InputStream in = response.body();
          OutputStream out = Files.newOutputStream(file)) {
        if (response.statusCode() / 100 != 2) {
          throw BerthException.unavailable(
              "ADD %s: the server answered %d, not 200", url, response.statusCode());
        }
        byte[] buffer = new byte[256 * 1024];
        for (int n; (n = in.read(buffer)) > 0; ) {
          md.update(buffer, 0, n);
          out.write(buffer, 0, n);
        }
      }
      String digest = Digest.of(Digest.SHA256, md.digest()).toString();
      if (checksum.isPresent() && !checksum.get().equals(digest)) {
        throw BerthException.invalid(
            "ADD %s: checksum mismatch: --checksum says %s, the download is %s",
            url, checksum.get(), digest);
      }
      FileOps.chmod(file, 0600);
      Optional<FileTime> modified = lastModified(response);
      if (modified.isPresent()) {
        FileOps.mtime(file, modified.get());
      }
      return new Fetched(
          file, "url " + url + " " + digest + " " + modified.map(FileTime::toMillis), false);
    } catch (IOException e) {
      throw BerthException.unavailable("ADD %s: the download failed: %s", url, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw BuildRun.interrupted();
    }
  }

  private static String fileName(URI uri) {
    String path = uri.getPath() == null ? "" : uri.getPath();
    List<String> parts = RootedPath.clean(path);
    if (parts.isEmpty()) {
      throw BerthException.invalid(
          "ADD %s: cannot tell a file name from the URL; give the destination a file name", uri);
    }
    return parts.getLast();
  }

  private static Optional<FileTime> lastModified(HttpResponse<?> response) {
    return response
        .headers()
        .firstValue("Last-Modified")
        .flatMap(
            v -> {
              try {
                ZonedDateTime t = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                return Optional.of(FileTime.from(t.toInstant()));
              } catch (RuntimeException e) {
                return Optional.empty(); // a malformed date is not the file's problem
              }
            });
  }

  /**
   * Checks out the git repository {@code src} ({@code URL[#ref[:subdir]]}) into {@code dir}; {@code
   * checksum}, when given, must be a prefix of the commit's hash. Without {@code keepGitDir} the
   * {@code .git} directory is removed.
   */
  static Fetched git(String src, Path dir, boolean keepGitDir, Optional<String> checksum) {
    String[] split = src.split("#", 2);
    String remote = split[0];
    String ref = "";
    String subdir = "";
    if (split.length == 2) {
      String[] refAndDir = split[1].split(":", 2);
      ref = refAndDir[0];
      subdir = refAndDir.length == 2 ? refAndDir[1] : "";
    }
    Path checkout = dir.resolve("checkout");
    try {
      Files.createDirectories(checkout);
      git(src, checkout, "init", "-q");
      String wanted = ref.isEmpty() ? "HEAD" : ref;
      try {
        git(src, checkout, "fetch", "-q", "--depth", "1", "--", remote, wanted);
      } catch (BerthException shallowRefused) {
        // dumb http servers and some older ones cannot serve a shallow fetch
        git(src, checkout, "fetch", "-q", "--", remote, wanted);
      }
      git(src, checkout, "checkout", "-q", "FETCH_HEAD");
      String commit = git(src, checkout, "rev-parse", "HEAD").strip();
      if (checksum.isPresent() && !commit.startsWith(checksum.get())) {
        throw BerthException.invalid(
            "ADD %s: checksum mismatch: --checksum says %s, the commit is %s",
            src, checksum.get(), commit);
      }
      if (!keepGitDir) {
        FileOps.deleteTree(checkout.resolve(".git"));
      }
      Path root = RootedPath.resolve(checkout, subdir, true);
      if (!Files.isDirectory(root)) {
        throw BerthException.notFound("ADD %s: no directory %s in the repository", src, subdir);
      }
      return new Fetched(
          root, "git " + remote + " " + commit + " " + subdir + " " + keepGitDir, true);
    } catch (IOException e) {
      throw BerthException.internal("ADD " + src + ": " + e.getMessage(), e);
    }
  }

  /** Runs {@code git args…} in {@code dir} and returns what it printed; an error on failure. */
  private static String git(String src, Path dir, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("git", "-c", "advice.detachedHead=false"));
    command.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().put("GIT_TERMINAL_PROMPT", "0");
    pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
    Process process;
    try {
      process = pb.start();
    } catch (IOException e) {
      throw BerthException.precondition(
          "ADD %s: cannot run git (%s); install Debian's git package", src, e.getMessage());
    }
    try {
      byte[] out = process.getInputStream().readAllBytes();
      if (!process.waitFor(10, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw BerthException.unavailable(
            "ADD %s: git %s took longer than 10 minutes", src, args[0]);
      }
      String text = new String(out, StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw BerthException.unavailable(
            "ADD %s: git %s failed (exit %d): %s", src, args[0], process.exitValue(), text.strip());
      }
      return text;
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw BuildRun.interrupted();
    }
  }
}
