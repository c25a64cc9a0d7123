package io.berth.bench;

import io.berth.dockerfile.Dockerfile;
import io.berth.dockerfile.DockerfileParser;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Parses a generated 10,000-line Dockerfile mixing the instruction styles found in the wild. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class DockerfileParseBenchmark {

  static final int LINES = 10_000;

  private byte[] dockerfile;

  @Setup
  public void generate() {
    dockerfile = generate(LINES).getBytes(StandardCharsets.UTF_8);
  }

  /** A Dockerfile of about {@code lines} lines: stages of package installs, copies, heredocs. */
  static String generate(int lines) {
    StringBuilder out = new StringBuilder("# syntax=docker/dockerfile:1\nARG BASE=debian:12\n");
    int stage = 0;
    while (out.chars().filter(c -> c == '\n').count() < lines) {
      out.append("FROM ${BASE} AS stage")
          .append(stage)
          .append('\n')
          .append("ENV APP_HOME=/app PATH=/app/bin:$PATH LANG=C.UTF-8\n")
          .append("LABEL org.opencontainers.image.title=\"stage ")
          .append(stage)
          .append("\"\n")
          .append("RUN set -eux; \\\n    apt-get update; \\\n")
          .append("    apt-get install -y --no-install-recommends \\\n")
          .append("        ca-certificates curl git \\\n    ; \\\n")
          .append("    rm -rf /var/lib/apt/lists/*\n")
          .append("# build step\n")
          .append("RUN --mount=type=cache,target=/root/.cache,sharing=locked \\\n")
          .append("    --mount=type=bind,source=src,target=/src make -C /src\n")
          .append("COPY --chown=1000:1000 --chmod=0755 ./bin/ ${APP_HOME}/bin/\n")
          .append("COPY --from=stage0 /etc/ssl /etc/ssl\n")
          .append("RUN <<EOF\nset -e\necho building ")
          .append(stage)
          .append("\nEOF\n")
          .append("WORKDIR ${APP_HOME}\nEXPOSE 8080/tcp\nUSER 1000:1000\n")
          .append(
              "HEALTHCHECK --interval=30s --timeout=3s \\\n"
                  + "  CMD [\"curl\", \"-f\", \"http://localhost\"]\n")
          .append("ENTRYPOINT [\"/app/bin/start\"]\nCMD [\"--serve\"]\n\n");
      stage++;
    }
    return out.toString();
  }

  /**
   * The baseline the parse is reported against: decoding the same bytes and walking their lines,
   * the least any reader of the file does.
   */
  @Benchmark
  public long decodeAndSplitLinesBaseline() {
    return new String(dockerfile, StandardCharsets.UTF_8).lines().mapToInt(String::length).sum();
  }

  @Benchmark
  public Dockerfile parse() {
    return DockerfileParser.parse("Dockerfile", dockerfile);
  }
}
