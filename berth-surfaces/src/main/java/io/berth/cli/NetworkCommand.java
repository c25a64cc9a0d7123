package io.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.cli.template.Formats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth network}: the group of network commands, with docker's flags and output. */
@Command(name = "network", description = "Manage networks.")
final class NetworkCommand extends GroupCommand {

  /** {@code berth network create}: a bridge network; prints its ID. */
  @Command(name = "create", description = "Create a network.")
  static final class Create extends ClientCommand {
    @Option(
        names = {"-d", "--driver"},
        paramLabel = "STRING",
        defaultValue = "bridge",
        description = "Driver to manage the Network (default \"bridge\").")
    String driver = "bridge";

    @Option(names = "--subnet", paramLabel = "STRINGS", description = "Subnet in CIDR format.")
    List<String> subnets = new ArrayList<>();

    @Option(names = "--gateway", paramLabel = "STRINGS", description = "IPv4 Gateway.")
    List<String> gateways = new ArrayList<>();

    @Option(
        names = "--ip-range",
        paramLabel = "STRINGS",
        description = "Allocate container ip from a sub-range.")
    List<String> ipRanges = new ArrayList<>();

    @Option(names = "--internal", description = "Restrict external access to the network.")
    boolean internal;

    @Option(names = "--ipv6", description = "Enable or disable IPv6 networking.")
    boolean ipv6;

    @Option(names = "--attachable", description = "Enable manual container attachment.")
    boolean attachable;

    @Option(names = "--label", paramLabel = "LIST", description = "Set metadata on a network.")
    List<String> labels = new ArrayList<>();

    @Option(
        names = {"-o", "--opt"},
        paramLabel = "MAP",
        description = "Set driver specific options.")
    List<String> options = new ArrayList<>();

    @Parameters(index = "0", paramLabel = "NETWORK")
    String name;

    @Override
    public Integer call() {
      ObjectNode body = Jsons.object();
      body.put("Name", name);
      body.put("Driver", driver);
      body.put("Internal", internal);
      body.put("Attachable", attachable);
      if (ipv6) {
        body.put("EnableIPv6", true);
      }
      ObjectNode ipam = body.putObject("IPAM");
      ipam.put("Driver", "default");
      var config = ipam.putArray("Config");
      if (gateways.size() > subnets.size() || ipRanges.size() > subnets.size()) {
        throw FlagError.invalid(
            String.join(",", gateways.isEmpty() ? ipRanges : gateways),
            gateways.size() > subnets.size() ? "--gateway" : "--ip-range",
            "every ip-range or gateway must have a corresponding subnet");
      }
      for (int i = 0; i < subnets.size(); i++) {
        ObjectNode pool = config.addObject();
        pool.put("Subnet", subnets.get(i));
        if (i < ipRanges.size()) {
          pool.put("IPRange", ipRanges.get(i));
        }
        if (i < gateways.size()) {
          pool.put("Gateway", gateways.get(i));
        }
      }
      body.set("Options", KeyValues.object(options, "--opt"));
      body.set("Labels", KeyValues.object(labels, "--label"));
      CliContext context = context();
      JsonNode created = context.client().post("/networks/create", Map.of(), body);
      context.out().println(created.path("Id").asText());
      context.out().flush();
      return ExitCodes.OK;
    }
  }

  /** {@code berth network ls}: the networks, sorted by name. */
  @Command(
      name = "ls",
      aliases = {"list"},
      description = "List networks.")
  static final class Ls extends ClientCommand {
    static final Formats.Listing LISTING =
        new Formats.Listing(
            "{{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}",
            "network_id: {{.ID}}\\nname: {{.Name}}\\ndriver: {{.Driver}}\\nscope: {{.Scope}}\\n",
            Map.ofEntries(
                Map.entry("ID", "NETWORK ID"),
                Map.entry("Name", "NAME"),
                Map.entry("Driver", "DRIVER"),
                Map.entry("Scope", "SCOPE"),
                Map.entry("IPv6", "IPV6"),
                Map.entry("IPv4", "IPV4"),
                Map.entry("Internal", "INTERNAL"),
                Map.entry("Labels", "LABELS"),
                Map.entry("CreatedAt", "CREATED AT")));

    @Option(
        names = {"-q", "--quiet"},
        description = "Only display network IDs.")
    boolean quiet;

    @Option(names = "--no-trunc", description = "Do not truncate the output.")
    boolean noTrunc;

    @Mixin FilterOption filter;
    @Mixin ListFormatOption format;

    @Override
    public Integer call() {
      Map<String, String> query = new LinkedHashMap<>();
      filter.addTo(query);
      CliContext context = context();
      JsonNode answer = context.client().get("/networks", query);
      List<JsonNode> networks = new ArrayList<>();
      answer.forEach(networks::add);
      networks.sort(
          (a, b) -> PortCommand.naturalCompare(a.path("Name").asText(), b.path("Name").asText()));
      List<Map<String, Object>> rows = new ArrayList<>();
      for (JsonNode n : networks) {
        rows.add(row(n, noTrunc));
      }
      Output.listing(context.out(), format.format(), quiet, rows, LISTING, "{{.ID}}");
      return ExitCodes.OK;
    }

    static Map<String, Object> row(JsonNode n, boolean noTrunc) {
      List<String> labels = new ArrayList<>();
      n.path("Labels")
          .properties()
          .forEach(e -> labels.add(e.getKey() + "=" + e.getValue().asText()));
      labels.sort(null);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("CreatedAt", n.path("Created").asText());
      row.put("Driver", n.path("Driver").asText());
      row.put("ID", Ids.shown(n.path("Id").asText(), noTrunc));
      row.put("IPv4", Boolean.toString(n.path("EnableIPv4").asBoolean()));
      row.put("IPv6", Boolean.toString(n.path("EnableIPv6").asBoolean()));
      row.put("Internal", Boolean.toString(n.path("Internal").asBoolean()));
      row.put("Labels", String.join(",", labels));
      row.put("Name", n.path("Name").asText());
      row.put("Scope", n.path("Scope").asText());
      return row;
    }
  }

  /** {@code berth network inspect}: the networks' details as JSON or through a template. */
  @Command(name = "inspect", description = "Display detailed information on one or more networks.")
  static final class Inspect extends ClientCommand {
    @Mixin FormatOption format;

    @Parameters(arity = "1..*", paramLabel = "NETWORK")
    List<String> networks;

    @Override
    public Integer call() {
      return Inspector.run(
          context(), List.of(Inspector.Type.NETWORK), networks, Map.of(), format.template());
    }
  }

  /** {@code berth network rm}: removes networks, printing each name removed. */
  @Command(
      name = "rm",
      aliases = {"remove"},
      description = "Remove one or more networks.")
  static final class Rm extends ClientCommand {
    @Option(
        names = {"-f", "--force"},
        description = "Do not error if the network does not exist.")
    boolean force;

    @Parameters(arity = "1..*", paramLabel = "NETWORK")
    List<String> networks;

    @Override
    public Integer call() {
      CliContext context = context();
      return EachName.run(
          context,
          networks,
          n -> {
            try {
              context.client().delete("/networks/" + n, Map.of());
            } catch (io.berth.errors.BerthException e) {
              if (!force || e.kind() != io.berth.errors.ErrorKind.NOT_FOUND) {
                throw e;
              }
            }
          });
    }
  }

  /** {@code berth network prune}: removes the user-defined networks no container uses. */
  @Command(name = "prune", description = "Remove all unused networks.")
  static final class Prune extends ClientCommand {
    @Option(
        names = {"-f", "--force"},
        description = "Do not prompt for confirmation.")
    boolean force;

    @Option(names = "--filter", paramLabel = "FILTER", description = "Provide filter values.")
    List<String> filters = new ArrayList<>();

    @Override
    public Integer call() {
      CliContext context = context();
      if (!force
          && !Prompt.confirm(
              context,
              "WARNING! This will remove all custom networks not used by at least one"
                  + " container.")) {
        return ExitCodes.OK;
      }
      Map<String, String> query = new LinkedHashMap<>();
      FilterOption.addTo(query, filters);
      JsonNode report = context.client().post("/networks/prune", query, null);
      Prunes.deleted(context.out(), "Deleted Networks:", report.path("NetworksDeleted"));
      context.out().flush();
      return ExitCodes.OK;
    }
  }

  /** {@code berth network connect}: joins a container to a network. */
  @Command(name = "connect", description = "Connect a container to a network.")
  static final class Connect extends ClientCommand {
    @Option(
        names = "--alias",
        paramLabel = "STRINGS",
        description = "Add network-scoped alias for the container.")
    List<String> aliases = new ArrayList<>();

    @Option(
        names = "--ip",
        paramLabel = "STRING",
        description = "IPv4 address (e.g., \"172.30.100.104\").")
    String ip;

    @Option(
        names = "--driver-opt",
        paramLabel = "STRINGS",
        description = "driver options for the network.")
    List<String> driverOpts = new ArrayList<>();

    @Parameters(index = "0", paramLabel = "NETWORK")
    String network;

    @Parameters(index = "1", paramLabel = "CONTAINER")
    String container;

    @Override
    public Integer call() {
      ObjectNode body = Jsons.object();
      body.put("Container", container);
      ObjectNode endpoint = body.putObject("EndpointConfig");
      if (!aliases.isEmpty()) {
        endpoint.set("Aliases", ContainerCreateOptions.strings(aliases));
      }
      if (ip != null) {
        endpoint.putObject("IPAMConfig").put("IPv4Address", ip);
      }
      context().client().post("/networks/" + network + "/connect", Map.of(), body);
      return ExitCodes.OK;
    }
  }

  /** {@code berth network disconnect}: takes a container off a network. */
  @Command(name = "disconnect", description = "Disconnect a container from a network.")
  static final class Disconnect extends ClientCommand {
    @Option(
        names = {"-f", "--force"},
        description = "Force the container to disconnect from a network.")
    boolean force;

    @Parameters(index = "0", paramLabel = "NETWORK")
    String network;

    @Parameters(index = "1", paramLabel = "CONTAINER")
    String container;

    @Override
    public Integer call() {
      ObjectNode body = Jsons.object();
      body.put("Container", container);
      body.put("Force", force);
      context().client().post("/networks/" + network + "/disconnect", Map.of(), body);
      return ExitCodes.OK;
    }
  }
}
