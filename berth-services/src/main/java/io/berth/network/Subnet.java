package io.berth.network;

import io.berth.errors.BerthException;

/**
 * An IPv4 subnet in CIDR notation ({@code 10.210.0.0/16}): its network address and prefix length,
 * with the arithmetic IPAM needs. The address is always the network's own (host bits zero).
 */
public record Subnet(int network, int prefix) {

  public Subnet {
    if (prefix < 0 || prefix > 32) {
      throw BerthException.invalid("invalid subnet prefix length %d: expected 0 to 32", prefix);
    }
    if ((network & ~mask(prefix)) != 0) {
      throw BerthException.invalid(
          "invalid subnet %s/%d: host bits are set (did you mean %s/%d?)",
          Ipv4.text(network), prefix, Ipv4.text(network & mask(prefix)), prefix);
    }
  }

  /** Parses {@code a.b.c.d/n}; the error names the text and what was expected. */
  public static Subnet parse(String cidr) {
    int slash = cidr.indexOf('/');
    if (slash < 0) {
      throw BerthException.invalid("invalid CIDR address: %s: expected a.b.c.d/n", cidr);
    }
    int prefix;
    try {
      prefix = Integer.parseInt(cidr.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw BerthException.invalid("invalid CIDR address: %s: expected a.b.c.d/n", cidr);
    }
    if (prefix < 0 || prefix > 32) {
      throw BerthException.invalid("invalid CIDR address: %s: prefix length out of range", cidr);
    }
    return new Subnet(Ipv4.parse(cidr.substring(0, slash)), prefix);
  }

  /** The subnet that holds {@code address} with {@code prefix} bits (host bits cleared). */
  public static Subnet containing(int address, int prefix) {
    return new Subnet(address & mask(prefix), prefix);
  }

  static int mask(int prefix) {
    return prefix == 0 ? 0 : -1 << (32 - prefix);
  }

  /** Whether {@code address} lies in this subnet. */
  public boolean contains(int address) {
    return (address & mask(prefix)) == network;
  }

  /** Whether the two subnets share any address. */
  public boolean overlaps(Subnet other) {
    int shorter = Math.min(prefix, other.prefix);
    return (network & mask(shorter)) == (other.network & mask(shorter));
  }

  /** The {@code n}th address of the subnet (1 is the usual gateway). */
  public int address(long n) {
    if (n < 0 || n >= size()) {
      throw BerthException.invalid("address %d is outside subnet %s", n, this);
    }
    return (int) (network + n);
  }

  /** How many addresses the subnet spans. */
  public long size() {
    return 1L << (32 - prefix);
  }

  /** The first usable address (network + 1), which Docker gives the bridge as the gateway. */
  public int firstHost() {
    return address(1);
  }

  @Override
  public String toString() {
    return Ipv4.text(network) + "/" + prefix;
  }
}
