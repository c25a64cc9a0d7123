package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code berth build --check} on real folders, through {@link Main#run}. */
class BuildCommandTest {

  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Main.run(new PrintWriter(out), new PrintWriter(err), args);
  }

  @Test
  void cleanDockerfilePasses() throws IOException {
    Files.writeString(
        dir.resolve("Dockerfile"),
        "FROM alpine:3.20 AS build\nRUN apk add --no-cache curl\nCMD [\"curl\", \"--version\"]\n");
    assertThat(run("build", "--check", dir.toString())).isZero();
    assertThat(out.toString()).isEqualTo("Check complete, no warnings found.\n");
  }

  @Test
  void warningsAreListedButDoNotFail() throws IOException {
    Files.writeString(dir.resolve("Dockerfile"), "FROM alpine\nMAINTAINER me\nCMD echo hi\n");
    assertThat(run("build", "--check", "-t", "x:1", dir.toString())).isZero();
    assertThat(out.toString())
        .isEqualTo(
            "WARNING: Dockerfile:2:1: MaintainerDeprecated: Maintainer instruction is deprecated"
                + " in favor of using label\n"
                + "WARNING: Dockerfile:3:1: JSONArgsRecommended: JSON arguments recommended for"
                + " CMD to prevent unintended behavior related to OS signals\n"
                + "Check complete, 0 error(s) and 2 warning(s) have been found!\n");
  }

  @Test
  void brokenDockerfileFailsNamingTheLine() throws IOException {
    Files.writeString(dir.resolve("Dockerfile"), "FROM alpine\nCOPY onlyone\n");
    assertThat(run("build", "--check", dir.toString())).isEqualTo(1);
    assertThat(out.toString())
        .startsWith("ERROR: Dockerfile:2:1: ParseError: COPY needs a source and a destination");
  }

  @Test
  void customFileAndItsOwnIgnoreFile() throws IOException {
    Path docker = Files.createDirectory(dir.resolve("docker"));
    Files.writeString(docker.resolve("app.Dockerfile"), "FROM alpine\nCOPY secret.txt /\n");
    Files.writeString(docker.resolve("app.Dockerfile.dockerignore"), "secret.txt\n");
    Files.writeString(dir.resolve(".dockerignore"), "nothing\n");
    int code =
        run("build", "--check", "-f", docker.resolve("app.Dockerfile").toString(), dir.toString());
    assertThat(code).isZero();
    assertThat(out.toString())
        .contains(
            "app.Dockerfile:2:1: CopyIgnoredFile: Attempting to Copy file \"secret.txt\" that is"
                + " excluded by .dockerignore");
  }

  @Test
  void unknownTargetIsAnError() throws IOException {
    Files.writeString(dir.resolve("Dockerfile"), "FROM alpine AS base\n");
    assertThat(run("build", "--check", "--target", "nope", dir.toString())).isEqualTo(1);
    assertThat(out.toString()).contains("TargetNotFound: target stage 'nope' could not be found");
  }

  @Test
  void buildingWithoutADaemonSaysSo() throws IOException {
    Files.writeString(dir.resolve("Dockerfile"), "FROM alpine\n");
    String host = "unix://" + dir.resolve("absent.sock");
    int code =
        Main.run(
            new PrintWriter(out),
            new PrintWriter(err),
            java.util.Map.of("BERTH_HOST", host),
            "build",
            "--no-cache",
            "-q",
            "--build-arg",
            "A=1",
            dir.toString());
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("Cannot connect to the berth daemon at " + host);
  }

  @Test
  void missingContextIsNamed() {
    assertThat(run("build", "--check", dir.resolve("absent").toString())).isEqualTo(1);
    assertThat(err.toString()).contains("absent: no such directory");
  }
}
