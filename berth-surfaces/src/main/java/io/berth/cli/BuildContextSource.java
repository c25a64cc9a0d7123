package io.berth.cli;

import io.berth.dockerfile.DockerIgnore;
import io.berth.errors.BerthException;
import io.berth.errors.ErrorKind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Where {@code berth build} takes its context from — a directory, or stdin holding a tar or a lone
 * Dockerfile — and the tar stream it sends, written by a thread of its own as the upload reads it.
 *
 * @param dockerfile the Dockerfile's name inside the sent context, for the {@code dockerfile} query
 * @param body the tar stream; an error while writing it surfaces as an IOException when read
 */
record BuildContextSource(String dockerfile, InputStream body, AtomicReference<Throwable> failure) {

  /** The name a Dockerfile from elsewhere ({@code -f -}, a file outside the context) is sent as. */
  static String sideName(byte[] dockerfile) {
    byte[] digest = io.berth.oci.Digest.sha256(dockerfile).hex().getBytes(StandardCharsets.UTF_8);
    return ".dockerfile." + new String(digest, 0, 12, StandardCharsets.US_ASCII);
  }

  /** The failure that cut the stream short, if one did. */
  Optional<Throwable> failed() {
    return Optional.ofNullable(failure.get());
  }

  /**
   * The context of {@code directory}, the Dockerfile at {@code file} (relative to the working
   * directory; inside the context or not) or given as bytes ({@code -f -}).
   */
  static BuildContextSource directory(
      Path directory, Optional<String> file, Optional<byte[]> dockerfileText) throws IOException {
    if (!Files.isDirectory(directory)) {
      throw BerthException.notFound(
          "unable to prepare context: path \"%s\" not found or not a directory", directory);
    }
    Path root = directory.toRealPath();
    Map<String, byte[]> extra = Map.of();
    String name;
    Path dockerfilePath;
    if (dockerfileText.isPresent()) {
      name = sideName(dockerfileText.get());
      extra = Map.of(name, dockerfileText.get());
      dockerfilePath = root.resolve(name);
    } else {
      dockerfilePath =
          file.map(f -> Path.of(f).toAbsolutePath()).orElse(root.resolve("Dockerfile"));
      if (!Files.isRegularFile(dockerfilePath)) {
        throw BerthException.notFound(
            "unable to prepare context: the Dockerfile %s does not exist", dockerfilePath);
      }
      Path real = dockerfilePath.toRealPath();
      if (real.startsWith(root)) {
        name = root.relativize(real).toString();
      } else {
        byte[] text = Files.readAllBytes(real);
        name = sideName(text);
        extra = Map.of(name, text);
      }
      dockerfilePath = real;
    }
    Optional<Path> ignoreFile = DockerIgnore.locate(root, dockerfilePath, Files::isRegularFile);
    DockerIgnore ignore = DockerIgnore.EMPTY;
    Set<String> always = new LinkedHashSet<>();
    if (extra.isEmpty()) {
      always.add(name);
    }
    if (ignoreFile.isPresent()) {
      try (InputStream in = Files.newInputStream(ignoreFile.get())) {
        ignore = DockerIgnore.read(ignoreFile.get().getFileName().toString(), in);
      }
      Path ignorePath = ignoreFile.get().toRealPath();
      if (ignorePath.startsWith(root)) {
        always.add(root.relativize(ignorePath).toString());
      }
    }
    ContextTar tar = new ContextTar(root, ignore, always, extra);
    return streamed(name, tar::write);
  }

  /**
   * The context on stdin: a tar (plain or compressed) sent as it is, or else a Dockerfile, sent as
   * the only file of a context.
   */
  static BuildContextSource stdin(InputStream in) throws IOException {
    byte[] head = in.readNBytes(512);
    if (isArchive(head)) {
      AtomicReference<Throwable> none = new AtomicReference<>();
      return new BuildContextSource(
          "Dockerfile", new SequenceInputStream(new ByteArrayInputStream(head), in), none);
    }
    byte[] dockerfile = concat(head, in.readAllBytes());
    Path empty = Files.createTempDirectory("berth-build-");
    Files.write(empty.resolve("Dockerfile"), dockerfile);
    ContextTar tar = new ContextTar(empty, DockerIgnore.EMPTY, Set.of("Dockerfile"), Map.of());
    return streamed(
        "Dockerfile",
        out -> {
          try {
            tar.write(out);
          } finally {
            Files.deleteIfExists(empty.resolve("Dockerfile"));
            Files.deleteIfExists(empty);
          }
        });
  }

  /** Whether {@code head} starts a tar, or a gzip, bzip2 or xz stream. */
  static boolean isArchive(byte[] head) {
    if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
      return true;
    }
    if (head.length >= 3 && head[0] == 'B' && head[1] == 'Z' && head[2] == 'h') {
      return true;
    }
    if (head.length >= 6 && (head[0] & 0xff) == 0xfd && head[1] == '7' && head[2] == 'z') {
      return true;
    }
    return head.length >= 262
        && new String(head, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
  }

  /** What writes a context tar. */
  @FunctionalInterface
  interface TarWriter {
    void write(OutputStream out) throws IOException;
  }

  /** The tar {@code writer} makes, read through a pipe while a virtual thread writes it. */
  static BuildContextSource streamed(String dockerfile, TarWriter writer) throws IOException {
    PipedInputStream in = new PipedInputStream(256 * 1024);
    PipedOutputStream out = new PipedOutputStream(in);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread.ofVirtual()
        .name("build-context-tar")
        .start(
            () -> {
              try (out) {
                writer.write(out);
              } catch (Throwable t) {
                failure.set(t);
              }
            });
    return new BuildContextSource(dockerfile, new CheckedEnd(in, failure), failure);
  }

  /** A BerthException for a failed context write, as the user should read it. */
  static BerthException asError(Throwable t) {
    if (t instanceof BerthException b) {
      return b;
    }
    return new BerthException(
        ErrorKind.FAILED_PRECONDITION, "cannot send the build context: " + t.getMessage(), t);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] all = new byte[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  /** A stream that turns the writer's failure into an error at its end rather than a short tar. */
  private static final class CheckedEnd extends InputStream {
    private final InputStream in;
    private final AtomicReference<Throwable> failure;

    CheckedEnd(InputStream in, AtomicReference<Throwable> failure) {
      this.in = in;
      this.failure = failure;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n < 0 && failure.get() != null) {
        throw new IOException("the build context could not be written", failure.get());
      }
      return n;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
