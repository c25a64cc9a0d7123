package io.berth.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code berth logout}: forgets the login {@code berth login} kept for a registry. */
@Command(name = "logout", description = "Log out from a registry.")
final class LogoutCommand extends ClientCommand {
  @Parameters(index = "0", arity = "0..1", paramLabel = "SERVER")
  String server;

  @Override
  public Integer call() {
    CliContext context = context();
    String domain = RegistryLogins.domain(server == null ? "" : server);
    if (new RegistryLogins(context.env()).remove(domain)) {
      context.out().println("Removing login credentials for " + domain);
    } else {
      context.out().println("Not logged in to " + domain);
    }
    context.out().flush();
    return ExitCodes.OK;
  }
}
