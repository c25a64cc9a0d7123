/**
 * Bridge networking on Linux: Linux bridges, CNI plugins for interfaces and addresses, berth's own
 * iptables chains, and the userland port proxy.
 */
package io.berth.network.bridge;
