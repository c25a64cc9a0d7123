package io.berth.network;

import java.util.List;
import java.util.Map;

/**
 * The networks of one engine and the network stacks of its running containers: Docker's {@code
 * bridge}, {@code host} and {@code none} networks and user-defined bridge networks; per container a
 * network namespace with an interface and an address on each of its networks, its published ports,
 * and its {@code /etc/hosts} and {@code /etc/resolv.conf}, kept up to date as containers join and
 * leave the networks it shares with them.
 *
 * <p>Lifecycle: made once by the daemon, which calls {@link #recover} before anything else (what a
 * killed daemon left — namespaces, addresses, firewall rules — is released, since no container
 * survives a daemon restart) and {@link #close} at shutdown. Thread-safety: every method may be
 * called from any thread. Errors are BerthExceptions: NOT_FOUND {@code network x not found},
 * CONFLICT for a name in use, a network in use or a host port already allocated, INVALID_ARGUMENT
 * for a bad subnet or port; a failed call leaves nothing behind.
 */
public interface NetworkService extends AutoCloseable {

  /** Releases what a killed daemon left and sets every network's bridge and rules up again. */
  void recover();

  /** Creates a user-defined bridge network. */
  Network create(NetworkCreateRequest request);

  /** The network {@code idOrName} names: full ID, name, then unique ID prefix. */
  Network network(String idOrName);

  /** Every network, the predefined ones first. */
  List<Network> list();

  /** Removes a user-defined network no running container is on. */
  void remove(String idOrName);

  /** The endpoints on network {@code networkId}, by container ID, with the containers' names. */
  Map<String, Member> members(String networkId);

  /**
   * Checks, before a container is created, that the fixed host ports it asks for are free: held
   * neither by a running container nor by another program.
   */
  void checkPorts(String containerName, Map<ContainerPort, List<PortBinding>> ports);

  /**
   * Gives a starting container its network stack: a namespace, an interface on each network, its
   * published ports and its hosts and resolver files; on failure nothing of it is left.
   */
  Sandbox setUp(SandboxRequest request);

  /** Adds an interface on network {@code idOrName} to a running container's namespace. */
  Sandbox connect(String containerId, String idOrName, EndpointConfig config);

  /** Takes a running container's interface on network {@code idOrName} away. */
  Sandbox disconnect(String containerId, String idOrName);

  /**
   * Releases a stopped container's namespace, addresses and ports; nothing when it has none. Its
   * host ports are free when this returns; its interfaces, addresses and namespace may be released
   * just after, before the service sets up another stack or removes a network.
   */
  void tearDown(String containerId);

  /** Releases every container's network stack. */
  @Override
  void close();

  /** A container on a network: its name and its endpoint there. */
  record Member(String containerName, Endpoint endpoint) {}
}
