package io.berth.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The base of commands that talk to the daemon: access to the run's shared context. */
abstract class ClientCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @picocli.CommandLine.Option(names = "--help", usageHelp = true, description = "Print usage.")
  boolean help;

  CliContext context() {
    return ((Main) spec.root().userObject()).context();
  }
}
