package io.berth.cli;

import io.berth.client.DockerHost;
import io.berth.client.EngineClient;
import io.berth.errors.BerthException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A client of the daemon pinged on a thread of its own while the main thread builds and parses the
 * command line, so that the first connection (the JDK's socket set-up and the round trip) overlaps
 * picocli's start instead of following it. {@link CliContext} takes it when it resolves the same
 * host and the ping succeeded; otherwise it connects as it would have, so a failure reads the same.
 */
final class EarlyClient {
  private final DockerHost host;
  private final CompletableFuture<EngineClient> pinged = new CompletableFuture<>();

  private EarlyClient(DockerHost host) {
    this.host = host;
  }

  /** Starts pinging the daemon {@code args} and {@code env} name, when the command needs one. */
  static Optional<EarlyClient> start(String[] args, Map<String, String> env) {
    if (!Commands.reachesDaemon(args)) {
      return Optional.empty();
    }
    DockerHost host;
    try {
      host = DockerHost.resolve(LeadingArgs.scan(args).host(), env);
    } catch (BerthException e) {
      return Optional.empty(); // the command reports it when it resolves the host itself
    }
    EarlyClient early = new EarlyClient(host);
    Thread.ofPlatform().daemon().name("berth-early-ping").start(early::ping);
    return Optional.of(early);
  }

  private void ping() {
    try {
      EngineClient client = new EngineClient(host);
      client.ping();
      pinged.complete(client);
    } catch (RuntimeException e) {
      pinged.completeExceptionally(e);
    }
  }

  /** The pinged client, when {@code wanted} is the host pinged and the daemon answered. */
  Optional<EngineClient> client(DockerHost wanted) {
    if (!wanted.equals(host)) {
      return Optional.empty();
    }
    try {
      return Optional.of(pinged.join());
    } catch (CompletionException e) {
      return Optional.empty();
    }
  }
}
