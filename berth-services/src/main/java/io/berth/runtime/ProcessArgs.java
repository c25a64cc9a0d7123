package io.berth.runtime;

import io.berth.errors.BerthException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Docker's rule for the command a container runs (image-spec conversion.md, "Config.Entrypoint" and
 * "Config.Cmd", with Docker's run-time overrides).
 */
public final class ProcessArgs {

  private ProcessArgs() {}

  /**
   * The process arguments: the entrypoint followed by the command. {@code --entrypoint} replaces
   * the image's entrypoint and drops the image's Cmd ({@code --entrypoint ""} clears it); run
   * arguments, when given, replace the Cmd.
   *
   * @throws BerthException INVALID_ARGUMENT when nothing is left to run
   */
  public static List<String> combine(
      List<String> imageEntrypoint,
      List<String> imageCmd,
      Optional<List<String>> entrypointOverride,
      List<String> runArgs) {
    List<String> entrypoint = entrypointOverride.map(ProcessArgs::cleared).orElse(imageEntrypoint);
    List<String> cmd;
    if (!runArgs.isEmpty()) {
      cmd = runArgs;
    } else if (entrypointOverride.isPresent()) {
      cmd = List.of();
    } else {
      cmd = imageCmd;
    }
    List<String> args = new ArrayList<>(entrypoint);
    args.addAll(cmd);
    if (args.isEmpty()) {
      throw BerthException.invalid("no command specified");
    }
    return List.copyOf(args);
  }

  private static List<String> cleared(List<String> override) {
    return override.size() == 1 && override.getFirst().isEmpty() ? List.of() : override;
  }
}
