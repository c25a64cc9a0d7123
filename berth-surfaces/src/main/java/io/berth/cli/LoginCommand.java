package io.berth.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.errors.BerthException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth login}: checks the credentials through the daemon ({@code POST /auth}) and keeps
 * them for {@code pull} and {@code push}; see {@link RegistryLogins} for where.
 */
@Command(name = "login", description = "Log in to a registry.")
final class LoginCommand extends ClientCommand {
  @Parameters(index = "0", arity = "0..1", paramLabel = "SERVER")
  String server;

  @Option(
      names = {"-u", "--username"},
      paramLabel = "STRING",
      description = "Username.")
  String username;

  @Option(
      names = {"-p", "--password"},
      paramLabel = "STRING",
      description = "Password.")
  String password;

  @Option(names = "--password-stdin", description = "Take the password from stdin.")
  boolean passwordStdin;

  @Override
  public Integer call() throws IOException {
    CliContext context = context();
    if (passwordStdin) {
      if (password != null) {
        throw BerthException.invalid("--password and --password-stdin are mutually exclusive");
      }
      password =
          new String(context.stdio().in().readAllBytes(), StandardCharsets.UTF_8).stripTrailing();
    } else if (password != null) {
      context
          .err()
          .println("WARNING! Using --password via the CLI is insecure. Use --password-stdin.");
    }
    if (username == null || username.isEmpty() || password == null || password.isEmpty()) {
      throw BerthException.invalid(
          "berth login needs -u USERNAME and a password (-p or --password-stdin)");
    }
    String domain = RegistryLogins.domain(server == null ? "" : server);
    ObjectNode body = Jsons.object();
    body.put("username", username);
    body.put("password", password);
    body.put("serveraddress", domain);
    context.client().post("/auth", Map.of(), body);
    RegistryLogins logins = new RegistryLogins(context.env());
    logins.store(domain, username, password);
    context
        .err()
        .println("WARNING! Your password will be stored unencrypted in " + logins.file() + ".");
    context.err().flush();
    context.out().println("Login Succeeded");
    context.out().flush();
    return ExitCodes.OK;
  }
}
