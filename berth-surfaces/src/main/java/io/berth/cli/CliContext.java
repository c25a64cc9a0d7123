package io.berth.cli;

import io.berth.client.DockerHost;
import io.berth.client.EngineClient;
import io.berth.errors.BerthException;
import io.berth.errors.ErrorKind;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;

/** What the commands of one run share: global options, environment, output, the client. */
final class CliContext {
  private final GlobalOptions options;
  private final Map<String, String> env;
  private final PrintWriter out;
  private final PrintWriter err;
  private final Stdio stdio;
  private final Optional<EarlyClient> early;
  private EngineClient client;

  CliContext(GlobalOptions options, Map<String, String> env, PrintWriter out, PrintWriter err) {
    this(options, env, out, err, Stdio.over(out, err));
  }

  CliContext(
      GlobalOptions options,
      Map<String, String> env,
      PrintWriter out,
      PrintWriter err,
      Stdio stdio) {
    this(options, env, out, err, stdio, Optional.empty());
  }

  CliContext(
      GlobalOptions options,
      Map<String, String> env,
      PrintWriter out,
      PrintWriter err,
      Stdio stdio,
      Optional<EarlyClient> early) {
    this.options = options;
    this.env = Map.copyOf(env);
    this.out = out;
    this.err = err;
    this.stdio = stdio;
    this.early = early;
  }

  /** The run's standard streams as bytes; flush {@link #out()} before writing to them. */
  Stdio stdio() {
    out.flush();
    err.flush();
    return stdio;
  }

  /** The environment the CLI runs in. */
  Map<String, String> env() {
    return env;
  }

  GlobalOptions options() {
    return options;
  }

  PrintWriter out() {
    return out;
  }

  PrintWriter err() {
    return err;
  }

  /** The host the commands talk to, from {@code -H}, the environment, or the default. */
  DockerHost host() {
    return DockerHost.resolve(options.host(), env);
  }

  /**
   * A client of the daemon, which is started first when it is the default one, does not answer, and
   * the user is root; the early ping's client when it answered.
   */
  EngineClient client() {
    if (client == null) {
      DockerHost host = host();
      Optional<EngineClient> pinged = early.flatMap(e -> e.client(host));
      if (pinged.isPresent()) {
        client = pinged.get();
        return client;
      }
      EngineClient candidate = new EngineClient(host);
      if (host.isDefault()) {
        try {
          candidate.ping();
        } catch (BerthException e) {
          if (e.kind() != ErrorKind.UNAVAILABLE || !DaemonStarter.canStart()) {
            throw e;
          }
          DaemonStarter.start(candidate, env, err);
        }
      }
      client = candidate;
    }
    return client;
  }
}
