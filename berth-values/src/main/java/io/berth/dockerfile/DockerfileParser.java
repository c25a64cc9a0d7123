package io.berth.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The entry point of the Dockerfile frontend: scans, types every instruction and groups them into
 * stages. Every rejection is a {@link DockerfileException} naming file, line and column.
 */
public final class DockerfileParser {

  private DockerfileParser() {}

  /** Parses a Dockerfile's bytes, which must be UTF-8; {@code file} names it in messages. */
  public static Dockerfile parse(String file, byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    return build(file, DockerfileScanner.scan(file, bytes));
  }

  /** Parses a Dockerfile's text. */
  public static Dockerfile parse(String file, String text) {
    Objects.requireNonNull(text, "text");
    return build(file, DockerfileScanner.scan(file, text));
  }

  private static Dockerfile build(String file, DockerfileScanner.Scan scan) {
    char escape = scan.directives().escape();
    List<Instruction.Arg> globalArgs = new ArrayList<>();
    List<Stage> stages = new ArrayList<>();
    Instruction.From from = null;
    List<Instruction> body = new ArrayList<>();
    for (Node node : scan.nodes()) {
      Instruction instruction = InstructionParser.parse(node, escape);
      switch (instruction) {
        case Instruction.From f -> {
          if (from != null) {
            stages.add(new Stage(stages.size(), from, body));
          }
          from = f;
          body = new ArrayList<>();
        }
        default -> {
          if (from == null && instruction instanceof Instruction.Arg a) {
            globalArgs.add(a);
            continue;
          }
          if (from == null) {
            throw new DockerfileException(
                node.range(),
                node.keyword() + " comes before the first FROM: only ARG may come before it");
          }
          body.add(instruction);
        }
      }
    }
    if (from == null) {
      throw new DockerfileException(
          SourceRange.at(file, 1, 1),
          scan.nodes().isEmpty()
              ? "the file holds no instructions: expected at least one FROM"
              : "no FROM instruction: a Dockerfile needs at least one build stage");
    }
    stages.add(new Stage(stages.size(), from, body));
    return new Dockerfile(file, scan.directives(), globalArgs, stages, scan.warnings());
  }
}
