package io.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code berth info} and {@code berth system info}: the engine's state, in docker's layout. */
@Command(name = "info", description = "Display system-wide information.")
final class InfoCommand extends ClientCommand {

  @Mixin FormatOption format;

  @Override
  public Integer call() {
    CliContext context = context();
    if (format.template().isPresent()) {
      var info =
          (com.fasterxml.jackson.databind.node.ObjectNode) context.client().get("/info", Map.of());
      info.putObject("ClientInfo")
          .put("Debug", context.options().debug())
          .put("Version", Version.current())
          .put("Context", "default");
      Output.object(context.out(), format.template().get(), info);
      return ExitCodes.OK;
    }
    PrintWriter out = context.out();
    out.println("Client:");
    out.println(" Version:    " + Version.current());
    out.println(" Context:    default");
    out.println(" Debug Mode: " + context.options().debug());
    out.println();
    out.println("Server:");
    out.flush();
    JsonNode info = context.client().get("/info", Map.of());
    printServer(out, info);
    out.flush();
    return ExitCodes.OK;
  }

  private static void printServer(PrintWriter out, JsonNode i) {
    out.println(" Containers: " + i.path("Containers").asInt());
    out.println("  Running: " + i.path("ContainersRunning").asInt());
    out.println("  Paused: " + i.path("ContainersPaused").asInt());
    out.println("  Stopped: " + i.path("ContainersStopped").asInt());
    out.println(" Images: " + i.path("Images").asInt());
    out.println(" Server Version: " + i.path("ServerVersion").asText());
    out.println(" Storage Driver: " + i.path("Driver").asText());
    for (JsonNode pair : i.path("DriverStatus")) {
      out.println("  " + pair.path(0).asText() + ": " + pair.path(1).asText());
    }
    out.println(" Logging Driver: " + i.path("LoggingDriver").asText());
    out.println(" Cgroup Driver: " + i.path("CgroupDriver").asText());
    out.println(" Cgroup Version: " + i.path("CgroupVersion").asText());
    out.println(" Plugins:");
    JsonNode plugins = i.path("Plugins");
    out.println("  Volume: " + joined(plugins.path("Volume")));
    out.println("  Network: " + joined(plugins.path("Network")));
    out.println("  Log: " + joined(plugins.path("Log")));
    out.println(" Swarm: " + i.path("Swarm").path("LocalNodeState").asText("inactive"));
    out.println(" Runtimes: " + String.join(" ", runtimeNames(i.path("Runtimes"))));
    out.println(" Default Runtime: " + i.path("DefaultRuntime").asText());
    out.println(" Security Options:");
    for (JsonNode option : i.path("SecurityOptions")) {
      printSecurityOption(out, option.asText());
    }
    out.println(" Kernel Version: " + i.path("KernelVersion").asText());
    out.println(" Operating System: " + i.path("OperatingSystem").asText());
    out.println(" OSType: " + i.path("OSType").asText());
    out.println(" Architecture: " + i.path("Architecture").asText());
    out.println(" CPUs: " + i.path("NCPU").asInt());
    out.println(" Total Memory: " + bytes(i.path("MemTotal").asLong()));
    out.println(" Name: " + i.path("Name").asText());
    out.println(" ID: " + i.path("ID").asText());
    out.println(" Docker Root Dir: " + i.path("DockerRootDir").asText());
    out.println(" Debug Mode: " + i.path("Debug").asBoolean());
    out.println(" Experimental: " + i.path("ExperimentalBuild").asBoolean());
    out.println(" Live Restore Enabled: " + i.path("LiveRestoreEnabled").asBoolean());
    for (JsonNode warning : i.path("Warnings")) {
      out.println(warning.asText());
    }
  }

  /** {@code name=seccomp,profile=builtin} printed as docker does: the name, then the rest. */
  private static void printSecurityOption(PrintWriter out, String option) {
    String[] parts = option.split(",");
    for (String part : parts) {
      int eq = part.indexOf('=');
      String key = eq < 0 ? part : part.substring(0, eq);
      String value = eq < 0 ? "" : part.substring(eq + 1);
      if (key.equals("name")) {
        out.println("  " + value);
      } else {
        out.println("   " + capitalised(key) + ": " + value);
      }
    }
  }

  private static String capitalised(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private static java.util.List<String> runtimeNames(JsonNode runtimes) {
    java.util.List<String> names = new java.util.ArrayList<>();
    runtimes.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static String joined(JsonNode list) {
    StringBuilder s = new StringBuilder();
    list.forEach(v -> s.append(s.isEmpty() ? "" : " ").append(v.asText()));
    return s.toString();
  }

  /** A size as docker's {@code units.BytesSize} prints it: {@code 23.43GiB}. */
  static String bytes(long size) {
    return HumanUnits.bytesSize(size);
  }
}
