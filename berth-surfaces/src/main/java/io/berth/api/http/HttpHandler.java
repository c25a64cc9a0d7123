package io.berth.api.http;

import java.io.IOException;

/** Answers one exchange; called on the connection's own virtual thread. */
@FunctionalInterface
public interface HttpHandler {
  void handle(HttpExchange exchange) throws IOException;
}
