package io.berth.dockerfile;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed Dockerfile: its directives, the ARGs before the first FROM, its stages in order, and the
 * warnings the parser had.
 */
public record Dockerfile(
    String file,
    Directives directives,
    List<Instruction.Arg> globalArgs,
    List<Stage> stages,
    List<ParseWarning> warnings) {

  public Dockerfile {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(directives, "directives");
    globalArgs = List.copyOf(globalArgs);
    stages = List.copyOf(stages);
    warnings = List.copyOf(warnings);
    if (stages.isEmpty()) {
      throw new IllegalArgumentException("a Dockerfile has at least one stage");
    }
  }

  /** The stage named {@code name} (case-insensitively, as Docker compares them). */
  public Optional<Stage> stage(String name) {
    String wanted = name.toLowerCase(Locale.ROOT);
    return stages.stream()
        .filter(s -> s.name().map(n -> n.toLowerCase(Locale.ROOT).equals(wanted)).orElse(false))
        .findFirst();
  }
}
