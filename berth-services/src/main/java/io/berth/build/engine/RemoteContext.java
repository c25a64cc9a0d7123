package io.berth.build.engine;

import io.berth.errors.BerthException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A build context fetched by the daemon, as {@code POST /build?remote=URL} asks: a git repository
 * checked out ({@code URL.git#ref:dir}, without its {@code .git}, as BuildKit), a tar archive
 * (plain, gzip, bzip2 or xz) unpacked confined to its directory, or else the download taken as the
 * Dockerfile of an otherwise empty context, as Docker does.
 */
final class RemoteContext {

  private RemoteContext() {}

  /** Fetches {@code url} under the new directory {@code dir}; returns the context's root. */
  static Path fetch(String url, Path dir, String dockerfile) {
    if (RemoteSource.isGit(url)) {
      return RemoteSource.git(url, dir, false, Optional.empty()).path();
    }
    if (!RemoteSource.isUrl(url)) {
      throw BerthException.invalid(
          "remote build context %s: expected an http(s) URL or a git repository", url);
    }
    RemoteSource.Fetched file =
        RemoteSource.download(url, dir.resolve("download"), Optional.empty());
    Path context = dir.resolve("context");
    try {
      Files.createDirectories(context);
      if (Archives.isArchive(file.path())) {
        Archives.extract(file.path(), context, "", Optional.empty());
      } else {
        Path target = RootedPath.resolve(context, dockerfile, false);
        Files.createDirectories(target.getParent());
        Files.copy(file.path(), target);
      }
      return context;
    } catch (IOException e) {
      throw BerthException.invalid("remote build context %s: %s", url, e.getMessage());
    }
  }
}
