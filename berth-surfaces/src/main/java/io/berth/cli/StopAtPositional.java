package io.berth.cli;

import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Makes a command stop reading its own options at the first positional argument, so that in {@code
 * berth run IMG ls -l} the {@code -l} belongs to the container's command, as in docker.
 */
final class StopAtPositional implements IModelTransformer {
  @Override
  public CommandSpec transform(CommandSpec spec) {
    spec.parser().stopAtPositional(true);
    return spec;
  }
}
