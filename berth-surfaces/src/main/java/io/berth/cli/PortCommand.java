package io.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.errors.BerthException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code berth port}: the published ports of a container, {@code 80/tcp -> 0.0.0.0:8080}. */
@Command(name = "port", description = "List port mappings or a specific mapping for the container.")
final class PortCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "CONTAINER")
  String container;

  @Parameters(index = "1", arity = "0..1", paramLabel = "PRIVATE_PORT[/PROTO]")
  String port;

  @Override
  public Integer call() {
    CliContext context = context();
    JsonNode c = context.client().get("/containers/" + container + "/json", Map.of());
    List<String> lines = lines(c.path("NetworkSettings").path("Ports"), port);
    if (port != null && lines.isEmpty()) {
      throw BerthException.notFound("No public port '%s' published for %s", port, container);
    }
    lines.forEach(context.out()::println);
    context.out().flush();
    return ExitCodes.OK;
  }

  static List<String> lines(JsonNode ports, String wanted) {
    String key = wanted == null ? null : wanted.contains("/") ? wanted : wanted + "/tcp";
    List<String> lines = new ArrayList<>();
    ports
        .properties()
        .forEach(
            e -> {
              if (key != null && !key.equals(e.getKey())) {
                return;
              }
              for (JsonNode binding : e.getValue()) {
                String ip = binding.path("HostIp").asText();
                String host =
                    (ip.contains(":") ? "[" + ip + "]" : ip)
                        + ":"
                        + binding.path("HostPort").asText();
                lines.add(key == null ? e.getKey() + " -> " + host : host);
              }
            });
    lines.sort(PortCommand::naturalCompare);
    return lines;
  }

  /** docker's natural order: runs of digits compare as numbers, the rest byte by byte. */
  static int naturalCompare(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      char x = a.charAt(i);
      char y = b.charAt(j);
      if (Character.isDigit(x) && Character.isDigit(y)) {
        int ei = i;
        int ej = j;
        while (ei < a.length() && Character.isDigit(a.charAt(ei))) {
          ei++;
        }
        while (ej < b.length() && Character.isDigit(b.charAt(ej))) {
          ej++;
        }
        int c =
            new java.math.BigInteger(a.substring(i, ei))
                .compareTo(new java.math.BigInteger(b.substring(j, ej)));
        if (c != 0) {
          return c;
        }
        i = ei;
        j = ej;
      } else {
        if (x != y) {
          return Character.compare(x, y);
        }
        i++;
        j++;
      }
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
