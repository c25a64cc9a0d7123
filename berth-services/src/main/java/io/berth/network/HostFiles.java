package io.berth.network;

import io.berth.errors.BerthException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The text of a container's {@code /etc/hosts} and {@code /etc/resolv.conf}, as Docker writes them:
 * loopback names, {@code --add-host} lines and the container's own name in hosts (on a user-defined
 * network, the other members' names and aliases too); the host's resolver without loopback
 * nameservers (which would point into the container itself), or Google's public ones when none is
 * left, each replaced by {@code --dns}, {@code --dns-search} and {@code --dns-option}.
 */
public final class HostFiles {

  /** The nameservers Docker falls back to when the host has only loopback ones. */
  public static final List<String> DEFAULT_NAMESERVERS = List.of("8.8.8.8", "8.8.4.4");

  /** Where systemd-resolved keeps the real upstream servers behind its 127.0.0.53 stub. */
  static final Path RESOLVED_UPSTREAM = Path.of("/run/systemd/resolve/resolv.conf");

  private static final Pattern LOOPBACK = Pattern.compile("^(127\\.|::1$|0:0:0:0:0:0:0:1$).*");

  private static final String LOCAL_NAMES =
      """
      127.0.0.1\tlocalhost
      ::1\tlocalhost ip6-localhost ip6-loopback
      fe00::\tip6-localnet
      ff00::\tip6-mcastprefix
      ff02::1\tip6-allnodes
      ff02::2\tip6-allrouters
      """;

  private HostFiles() {}

  /** One line of a hosts file: an address and the names it answers to. */
  public record Entry(String address, List<String> names) {
    public Entry {
      names = List.copyOf(names);
    }

    String line() {
      return address + "\t" + String.join(" ", names) + "\n";
    }
  }

  /** {@code /etc/hosts} for a container called {@code hostname} with the given network mode. */
  public static String hosts(String hostname, NetworkMode mode, String hostHosts) {
    if (mode == NetworkMode.HOST) {
      return hostHosts;
    }
    return LOCAL_NAMES + "127.0.1.1\t" + hostname + "\n";
  }

  /**
   * {@code /etc/hosts} of a container on bridge networks: the local names, the {@code extra}
   * entries ({@code --add-host}), its own address with its host name, then {@code peers}.
   */
  public static String hosts(
      String hostname, String ownAddress, List<Entry> extra, List<Entry> peers) {
    StringBuilder text = new StringBuilder(LOCAL_NAMES);
    extra.forEach(e -> text.append(e.line()));
    text.append(new Entry(ownAddress, List.of(hostname)).line());
    peers.forEach(e -> text.append(e.line()));
    return text.toString();
  }

  /**
   * An {@code --add-host} value, {@code name:address} or {@code name=address} (IPv6 addresses may
   * be bracketed); {@code host-gateway} as the address stands for {@code gateway}.
   */
  public static Entry extraHost(String spec, String gateway) {
    int at = spec.indexOf('=');
    if (at < 0) {
      at = spec.indexOf(':');
    }
    if (at <= 0 || at == spec.length() - 1) {
      throw BerthException.invalid(
          "invalid argument \"%s\" for \"--add-host\" flag: bad format", spec);
    }
    String name = spec.substring(0, at);
    String address = spec.substring(at + 1);
    if (address.startsWith("[") && address.endsWith("]")) {
      address = address.substring(1, address.length() - 1);
    }
    if (address.equals("host-gateway")) {
      if (gateway.isEmpty()) {
        throw BerthException.invalid(
            "unable to resolve host-gateway in \"%s\": the container's network has no gateway",
            spec);
      }
      address = gateway;
    }
    if (!Ipv4.is(address) && !address.contains(":")) {
      throw BerthException.invalid(
          "invalid argument \"%s\" for \"--add-host\" flag: invalid IP address: %s", spec, address);
    }
    return new Entry(address, List.of(name));
  }

  /**
   * {@code /etc/resolv.conf} from the host's {@code hostResolv}: unchanged for the host's network,
   * else without loopback nameservers (Docker's defaults added when none is left).
   */
  public static String resolvConf(String hostResolv, NetworkMode mode) {
    if (mode == NetworkMode.HOST) {
      return hostResolv;
    }
    return resolvConf(hostResolv, DnsSettings.HOST);
  }

  /**
   * {@code /etc/resolv.conf} of a container with its own network: the host's lines without loopback
   * nameservers (Docker's public defaults when none is left), with the nameservers, search domains
   * and options that {@code dns} gives in place of the host's.
   */
  public static String resolvConf(String hostResolv, DnsSettings dns) {
    List<String> lines = new ArrayList<>();
    boolean nameserver = false;
    for (String line : hostResolv.split("\n", -1)) {
      String[] fields = line.strip().split("\\s+");
      String key = fields[0];
      if (key.equals("nameserver")) {
        if (!dns.servers().isEmpty()
            || fields.length < 2
            || LOOPBACK.matcher(fields[1]).matches()) {
          continue;
        }
        nameserver = true;
      } else if ((key.equals("search") || key.equals("domain")) && !dns.search().isEmpty()) {
        continue;
      } else if (key.equals("options") && !dns.options().isEmpty()) {
        continue;
      }
      lines.add(line);
    }
    while (!lines.isEmpty() && lines.getLast().isBlank()) {
      lines.removeLast();
    }
    if (!dns.servers().isEmpty()) {
      dns.servers().forEach(ns -> lines.add("nameserver " + ns));
    } else if (!nameserver) {
      DEFAULT_NAMESERVERS.forEach(ns -> lines.add("nameserver " + ns));
    }
    List<String> search = dns.search().stream().filter(s -> !s.equals(".")).toList();
    if (!search.isEmpty()) {
      lines.add("search " + String.join(" ", search));
    }
    if (!dns.options().isEmpty()) {
      lines.add("options " + String.join(" ", dns.options()));
    }
    return String.join("\n", lines) + "\n";
  }

  /**
   * The host's resolver configuration as Docker reads it: {@code /etc/resolv.conf}, or
   * systemd-resolved's upstream file when the former names only its loopback stub.
   */
  public static String hostResolvConf() {
    String main = read(Path.of("/etc/resolv.conf"));
    boolean onlyLoopback =
        main.lines()
            .map(l -> l.strip().split("\\s+"))
            .filter(f -> f.length >= 2 && f[0].equals("nameserver"))
            .allMatch(f -> LOOPBACK.matcher(f[1]).matches());
    if (onlyLoopback && Files.isReadable(RESOLVED_UPSTREAM)) {
      return read(RESOLVED_UPSTREAM);
    }
    return main;
  }

  /** A host file's text, empty when it does not exist. */
  public static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw BerthException.internal("reading " + file, e);
    }
  }
}
