package io.berth.build.engine;

import io.berth.dockerfile.ArgDeclaration;
import io.berth.dockerfile.Dockerfile;
import io.berth.dockerfile.DockerfileException;
import io.berth.dockerfile.Instruction;
import io.berth.dockerfile.MountSpec;
import io.berth.dockerfile.ShellWordExpander;
import io.berth.dockerfile.SourceRange;
import io.berth.dockerfile.Stage;
import io.berth.errors.BerthException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A Dockerfile made ready to run, checked before any step does: the global ARG values, each stage's
 * base (an image, {@code scratch}, or an earlier stage) and the stages it reads from, the target
 * stage and the stages it needs, which are all that run.
 */
final class BuildPlan {

  /** One stage with its expanded base and the earlier stages it depends on. */
  record PlannedStage(Stage stage, String base, Optional<Integer> baseStage, Set<Integer> deps) {

    /** The name shown in step labels: the AS name, or {@code stage-N}. */
    String label() {
      return stage.name().orElse("stage-" + stage.index());
    }
  }

  private final Dockerfile dockerfile;
  private final Map<String, Optional<String>> globals;
  private final List<PlannedStage> stages;
  private final int target;
  private final Set<Integer> needed;

  private BuildPlan(
      Dockerfile dockerfile,
      Map<String, Optional<String>> globals,
      List<PlannedStage> stages,
      int target,
      Set<Integer> needed) {
    this.dockerfile = dockerfile;
    this.globals = globals;
    this.stages = stages;
    this.target = target;
    this.needed = needed;
  }

  Dockerfile dockerfile() {
    return dockerfile;
  }

  /** The global ARGs (before the first FROM) with their values; empty for a declared-only one. */
  Map<String, Optional<String>> globals() {
    return globals;
  }

  List<PlannedStage> stages() {
    return stages;
  }

  int target() {
    return target;
  }

  /** The stages the target needs, itself included, in file order. */
  Set<Integer> needed() {
    return needed;
  }

  static BuildPlan of(Dockerfile dockerfile, BuildArgs args, Optional<String> targetName) {
    ShellWordExpander expander = new ShellWordExpander(dockerfile.directives().escape());
    Map<String, Optional<String>> globals = globals(dockerfile, args, expander);
    List<PlannedStage> planned = new ArrayList<>();
    for (Stage stage : dockerfile.stages()) {
      planned.add(plan(stage, planned, globals, args, expander, dockerfile));
    }
    int target = target(dockerfile, targetName);
    Set<Integer> needed = new TreeSet<>();
    collect(target, planned, needed);
    return new BuildPlan(dockerfile, globals, List.copyOf(planned), target, needed);
  }

  private static Map<String, Optional<String>> globals(
      Dockerfile dockerfile, BuildArgs args, ShellWordExpander expander) {
    Map<String, Optional<String>> globals = new LinkedHashMap<>();
    for (Instruction.Arg arg : dockerfile.globalArgs()) {
      for (ArgDeclaration d : arg.declarations()) {
        Optional<String> value = args.given(d.name());
        if (value.isEmpty() && d.defaultValue().isPresent()) {
          value =
              Optional.of(
                  expand(
                      expander, d.defaultValue().get(), name -> lookup(globals, args, name), arg));
        }
        if (value.isEmpty()) {
          value = args.predefined(d.name());
        }
        globals.put(d.name(), value);
      }
    }
    return globals;
  }

  /** A global ARG's value, or else the predefined argument of that name. */
  static Optional<String> lookup(
      Map<String, Optional<String>> globals, BuildArgs args, String name) {
    Optional<String> v = globals.getOrDefault(name, Optional.empty());
    return v.isPresent() ? v : args.predefined(name);
  }

  private static PlannedStage plan(
      Stage stage,
      List<PlannedStage> earlier,
      Map<String, Optional<String>> globals,
      BuildArgs args,
      ShellWordExpander expander,
      Dockerfile dockerfile) {
    String base = expand(expander, stage.baseName(), n -> lookup(globals, args, n), stage.from());
    if (base.isEmpty()) {
      throw new DockerfileException(
          stage.from().range(), "FROM " + stage.baseName() + ": the base image name is empty");
    }
    Optional<Integer> baseStage = stageRef(base, earlier, stage.index());
    if (baseStage.isEmpty() && refersToLaterStage(base, dockerfile, stage.index())) {
      throw new DockerfileException(
          stage.from().range(), "FROM " + base + ": a stage can only be based on an earlier stage");
    }
    Set<Integer> deps = new LinkedHashSet<>();
    baseStage.ifPresent(deps::add);
    for (Instruction i : stage.instructions()) {
      for (String from : fromReferences(i)) {
        String name = expand(expander, from, n -> lookup(globals, args, n), i);
        Optional<Integer> ref = stageRef(name, earlier, stage.index());
        if (ref.isEmpty() && refersToLaterStage(name, dockerfile, stage.index())) {
          throw new DockerfileException(
              i.range(), "--from=" + name + ": a stage can only read from an earlier stage");
        }
        ref.ifPresent(deps::add);
      }
    }
    return new PlannedStage(stage, base, baseStage, deps);
  }

  /** The {@code --from} values of COPY and of RUN mounts in {@code i}, raw. */
  static List<String> fromReferences(Instruction i) {
    List<String> refs = new ArrayList<>();
    switch (i) {
      case Instruction.Copy c -> c.flags().from().ifPresent(refs::add);
      case Instruction.Run r -> {
        for (MountSpec m : r.flags().mounts()) {
          if (m.type() != MountSpec.Type.CACHE) {
            m.from().ifPresent(refs::add);
          }
        }
      }
      default -> {}
    }
    return refs;
  }

  /** The earlier stage {@code name} names, by AS name or index. */
  static Optional<Integer> stageRef(String name, List<PlannedStage> earlier, int before) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (PlannedStage p : earlier) {
      if (p.stage().index() < before
          && p.stage().name().map(n -> n.toLowerCase(Locale.ROOT).equals(lower)).orElse(false)) {
        return Optional.of(p.stage().index());
      }
    }
    if (lower.matches("[0-9]{1,4}")) {
      int index = Integer.parseInt(lower);
      if (index < before) {
        return Optional.of(index);
      }
    }
    return Optional.empty();
  }

  private static boolean refersToLaterStage(String name, Dockerfile dockerfile, int index) {
    return dockerfile.stage(name).map(s -> s.index() >= index).orElse(false);
  }

  private static int target(Dockerfile dockerfile, Optional<String> targetName) {
    if (targetName.isEmpty() || targetName.get().isEmpty()) {
      return dockerfile.stages().size() - 1;
    }
    return dockerfile
        .stage(targetName.get())
        .map(Stage::index)
        .orElseThrow(
            () ->
                BerthException.invalid(
                    "failed to reach build target %s in Dockerfile: no stage is named %s"
                        + " (the stages are: %s)",
                    targetName.get(),
                    targetName.get(),
                    String.join(
                        ", ",
                        dockerfile.stages().stream()
                            .map(s -> s.name().orElse(String.valueOf(s.index())))
                            .toList())));
  }

  private static void collect(int index, List<PlannedStage> planned, Set<Integer> needed) {
    if (needed.add(index)) {
      for (int dep : planned.get(index).deps()) {
        collect(dep, planned, needed);
      }
    }
  }

  static String expand(
      ShellWordExpander expander,
      String word,
      java.util.function.Function<String, Optional<String>> env,
      Instruction where) {
    try {
      return expander.expand(word, env);
    } catch (DockerfileException e) {
      throw e;
    } catch (BerthException e) {
      SourceRange r = where.range();
      throw new DockerfileException(r, where.keyword() + ": " + e.getMessage());
    }
  }
}
