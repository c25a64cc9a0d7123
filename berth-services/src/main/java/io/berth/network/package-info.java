/**
 * The network part: networks and the network stacks of containers (namespaces, interfaces,
 * addresses, published ports), and the files that give a container its name and resolver ({@code
 * /etc/hostname}, {@code /etc/hosts}, {@code /etc/resolv.conf}). The implementation over Linux
 * bridges and CNI plugins is {@code network.bridge}.
 */
package io.berth.network;
