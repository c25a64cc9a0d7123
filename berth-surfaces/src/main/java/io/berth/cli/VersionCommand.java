package io.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.client.EngineClient;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code berth version}: the client's and the server's versions, in docker's layout. */
@Command(name = "version", description = "Show the berth version information.")
final class VersionCommand extends ClientCommand {
  private static final DateTimeFormatter ANSIC =
      DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  @Mixin FormatOption format;

  @Override
  public Integer call() {
    CliContext context = context();
    if (format.template().isPresent()) {
      EngineClient c = context.client();
      Output.object(context.out(), format.template().get(), data(c.apiVersion(), c));
      return ExitCodes.OK;
    }
    PrintWriter out = context.out();
    EngineClient client;
    String apiVersion = EngineClient.MAX_API_VERSION;
    JsonNode server = null;
    RuntimeException failure = null;
    try {
      client = context.client();
      apiVersion = client.apiVersion();
      server = client.get("/version", Map.of());
    } catch (RuntimeException e) {
      failure = e;
    }
    printClient(out, apiVersion);
    if (failure != null) {
      out.flush();
      throw failure;
    }
    out.println();
    printServer(out, server);
    out.flush();
    return ExitCodes.OK;
  }

  /** What {@code --format} sees: {@code .Client} and {@code .Server} as docker names them. */
  private static Map<String, Object> data(String apiVersion, EngineClient client) {
    Map<String, Object> clientInfo = new java.util.LinkedHashMap<>();
    clientInfo.put("Platform", Map.of("Name", "berth"));
    clientInfo.put("Version", Version.current());
    clientInfo.put("ApiVersion", apiVersion);
    clientInfo.put("DefaultAPIVersion", EngineClient.MAX_API_VERSION);
    clientInfo.put("GitCommit", Version.property("gitCommit"));
    clientInfo.put("GoVersion", "java" + Runtime.version());
    clientInfo.put("Os", "linux");
    clientInfo.put("Arch", goArch());
    clientInfo.put("BuildTime", built(Version.property("buildTime")));
    clientInfo.put("Context", "default");
    Map<String, Object> data = new java.util.LinkedHashMap<>();
    data.put("Client", clientInfo);
    data.put("Server", client.get("/version", Map.of()));
    return data;
  }

  private static void printClient(PrintWriter out, String apiVersion) {
    out.println("Client:");
    row(out, " Version:", Version.current());
    row(out, " API version:", apiVersion);
    row(out, " Go version:", "java" + Runtime.version());
    row(out, " Git commit:", Version.property("gitCommit"));
    row(out, " Built:", built(Version.property("buildTime")));
    row(out, " OS/Arch:", "linux/" + goArch());
    row(out, " Context:", "default");
  }

  private static void printServer(PrintWriter out, JsonNode server) {
    out.println("Server: " + server.path("Platform").path("Name").asText(""));
    for (JsonNode component : server.path("Components")) {
      out.println(" " + component.path("Name").asText() + ":");
      JsonNode details = component.path("Details");
      if (component.path("Name").asText().equals("Engine")) {
        row(out, "  Version:", component.path("Version").asText());
        row(
            out,
            "  API version:",
            details.path("ApiVersion").asText()
                + " (minimum version "
                + details.path("MinAPIVersion").asText()
                + ")");
        row(out, "  Go version:", details.path("GoVersion").asText());
        row(out, "  Git commit:", details.path("GitCommit").asText());
        row(out, "  Built:", built(details.path("BuildTime").asText()));
        row(out, "  OS/Arch:", details.path("Os").asText() + "/" + details.path("Arch").asText());
        row(out, "  Experimental:", details.path("Experimental").asText());
      } else {
        row(out, "  Version:", component.path("Version").asText());
        details.properties().forEach(d -> row(out, "  " + d.getKey() + ":", d.getValue().asText()));
      }
    }
  }

  private static void row(PrintWriter out, String label, String value) {
    out.println("%-20s%s".formatted(label, value));
  }

  /** An RFC 3339 build time in the form docker prints ({@code Fri May 30 12:07:14 2025}). */
  static String built(String time) {
    try {
      return ANSIC.format(Instant.parse(time));
    } catch (DateTimeParseException e) {
      return time;
    }
  }

  static String goArch() {
    return switch (System.getProperty("os.arch")) {
      case "amd64", "x86_64" -> "amd64";
      case "aarch64" -> "arm64";
      case String other -> other;
    };
  }
}
