package io.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.errors.BerthException;
import io.berth.errors.ErrorKind;
import java.io.PrintWriter;

/**
 * Docker's JSON progress messages ({@code stream}, {@code status}, {@code error}) printed as docker
 * prints them without a terminal: the text, one status per line; an error ends the command.
 */
final class Progress {
  private Progress() {}

  static void print(PrintWriter out, JsonNode message) {
    if (message.hasNonNull("errorDetail") || message.hasNonNull("error")) {
      String error =
          message.path("errorDetail").path("message").asText(message.path("error").asText());
      out.flush();
      throw new BerthException(ErrorKind.INTERNAL, error);
    }
    if (message.hasNonNull("stream")) {
      out.print(message.get("stream").asText());
    } else if (message.hasNonNull("status")) {
      String id = message.path("id").asText("");
      out.println((id.isEmpty() ? "" : id + ": ") + message.get("status").asText());
    }
    out.flush();
  }
}
