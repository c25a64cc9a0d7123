package io.berth.network.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.errors.BerthException;
import io.berth.network.EndpointConfig;
import io.berth.network.Ipv4;
import io.berth.network.Network;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CNI plugins berth drives (containernetworking-plugins, in {@code /usr/lib/cni}): {@code
 * loopback} brings {@code lo} up, {@code bridge} with {@code host-local} IPAM makes the veth pair,
 * plugs it into the network's bridge and gives it an address, as the CNI spec's ADD and DEL
 * (version 1.0.0). Masquerading, isolation and port publishing are not left to the plugins: berth
 * writes those rules in chains of its own ({@link Firewall}), which it can rebuild whole after a
 * crash.
 */
final class Cni {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String VERSION = "1.0.0";

  private final Path pluginDir;
  private final Path ipamDir;
  private final HostCommand commands;

  Cni(Path pluginDir, Path ipamDir, HostCommand commands) {
    this.pluginDir = pluginDir;
    this.ipamDir = ipamDir;
    this.commands = commands;
  }

  /** What the bridge plugin gave an interface. */
  record Attachment(String address, int prefix, String gateway, String mac) {}

  /** Brings the namespace's loopback interface up. */
  void loopback(String containerId, Path netns) {
    ObjectNode conf = JSON.createObjectNode();
    conf.put("cniVersion", VERSION);
    conf.put("name", "loopback");
    conf.put("type", "loopback");
    exec("loopback", "ADD", containerId, netns, "lo", conf, Map.of());
  }

  /** Adds interface {@code ifname} on {@code network} to the namespace. */
  Attachment add(
      Network network, String containerId, Path netns, String ifname, EndpointConfig config) {
    Map<String, String> args = new LinkedHashMap<>();
    config.ipv4Address().ifPresent(ip -> args.put("IP", ip));
    config.macAddress().ifPresent(mac -> args.put("MAC", mac));
    JsonNode result = exec("bridge", "ADD", containerId, netns, ifname, conf(network), args);
    JsonNode ip = result.path("ips").path(0);
    String cidr = ip.path("address").asText();
    int slash = cidr.indexOf('/');
    if (slash < 0) {
      throw BerthException.internal(
          "the bridge plugin gave container " + containerId + " no address: " + result, null);
    }
    String mac = "";
    for (JsonNode i : result.path("interfaces")) {
      if (i.path("name").asText().equals(ifname) && i.has("sandbox")) {
        mac = i.path("mac").asText();
      }
    }
    return new Attachment(
        cidr.substring(0, slash),
        Integer.parseInt(cidr.substring(slash + 1)),
        network.internal() ? "" : ip.path("gateway").asText(""),
        mac);
  }

  /** Removes interface {@code ifname} and releases its address; a missing one is no error. */
  void delete(Network network, String containerId, Path netns, String ifname) {
    exec("bridge", "DEL", containerId, netns, ifname, conf(network), Map.of());
  }

  /** The network configuration the bridge plugin reads for {@code network}. */
  ObjectNode conf(Network network) {
    ObjectNode conf = JSON.createObjectNode();
    conf.put("cniVersion", VERSION);
    conf.put("name", "berth-" + network.id().substring(0, 12));
    conf.put("type", "bridge");
    conf.put("bridge", network.bridge());
    conf.put("isGateway", true);
    conf.put("ipMasq", false);
    conf.put("hairpinMode", true);
    ObjectNode ipam = conf.putObject("ipam");
    ipam.put("type", "host-local");
    ipam.put("dataDir", ipamDir.toString());
    ObjectNode range = ipam.putArray("ranges").addArray().addObject();
    range.put("subnet", network.subnet().orElseThrow().toString());
    network.gateway().ifPresent(g -> range.put("gateway", g));
    if (network.ipRange().isPresent()) {
      io.berth.network.Subnet r = network.ipRange().get();
      range.put("rangeStart", Ipv4.text(r.address(r.size() > 2 ? 1 : 0)));
      range.put("rangeEnd", Ipv4.text(r.address(r.size() - (r.size() > 2 ? 2 : 1))));
    }
    ArrayNode routes = ipam.putArray("routes");
    if (!network.internal()) {
      routes.addObject().put("dst", "0.0.0.0/0");
    }
    return conf;
  }

  private JsonNode exec(
      String plugin,
      String command,
      String containerId,
      Path netns,
      String ifname,
      ObjectNode conf,
      Map<String, String> args) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("CNI_COMMAND", command);
    env.put("CNI_CONTAINERID", containerId);
    env.put("CNI_NETNS", netns.toString());
    env.put("CNI_IFNAME", ifname);
    env.put("CNI_PATH", pluginDir.toString());
    if (!args.isEmpty()) {
      List<String> pairs = new ArrayList<>(List.of("IgnoreUnknown=1"));
      args.forEach((k, v) -> pairs.add(k + "=" + v));
      env.put("CNI_ARGS", String.join(";", pairs));
    }
    HostCommand.Result r =
        commands.run(List.of(pluginDir.resolve(plugin).toString()), conf.toString(), env);
    if (!r.ok()) {
      throw failure(plugin, command, containerId, r);
    }
    if (r.out().isBlank()) {
      return JSON.createObjectNode();
    }
    try {
      return JSON.readTree(r.out());
    } catch (IOException e) {
      throw BerthException.internal(
          "reading what the CNI " + plugin + " plugin answered for container " + containerId, e);
    }
  }

  private static BerthException failure(
      String plugin, String command, String containerId, HostCommand.Result r) {
    String message = r.err();
    try {
      JsonNode error = JSON.readTree(r.out());
      if (error.has("msg")) {
        message = error.path("msg").asText() + " " + error.path("details").asText("");
      }
    } catch (IOException | RuntimeException e) {
      // Not the spec's error object; stderr says what went wrong.
    }
    String text =
        "CNI %s %s for container %s failed: %s"
            .formatted(plugin, command, containerId.substring(0, 12), message.strip());
    if (message.contains("already allocated") || message.contains("requested IP address")) {
      return BerthException.conflict("%s", text);
    }
    return BerthException.unavailable("%s", text);
  }
}
