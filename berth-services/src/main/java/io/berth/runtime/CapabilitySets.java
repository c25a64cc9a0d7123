package io.berth.runtime;

import io.berth.errors.BerthException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Docker's default capability set and its {@code --cap-add} / {@code --cap-drop} rules. */
public final class CapabilitySets {

  /** The capabilities Docker grants a container that asks for nothing else. */
  public static final List<String> DOCKER_DEFAULT =
      List.of(
          "CAP_CHOWN",
          "CAP_DAC_OVERRIDE",
          "CAP_FSETID",
          "CAP_FOWNER",
          "CAP_MKNOD",
          "CAP_NET_RAW",
          "CAP_SETGID",
          "CAP_SETUID",
          "CAP_SETFCAP",
          "CAP_SETPCAP",
          "CAP_NET_BIND_SERVICE",
          "CAP_SYS_CHROOT",
          "CAP_KILL",
          "CAP_AUDIT_WRITE");

  /** Every capability Linux knows up to 6.x, the meaning of {@code ALL}. */
  public static final List<String> ALL =
      List.of(
          "CAP_CHOWN",
          "CAP_DAC_OVERRIDE",
          "CAP_DAC_READ_SEARCH",
          "CAP_FOWNER",
          "CAP_FSETID",
          "CAP_KILL",
          "CAP_SETGID",
          "CAP_SETUID",
          "CAP_SETPCAP",
          "CAP_LINUX_IMMUTABLE",
          "CAP_NET_BIND_SERVICE",
          "CAP_NET_BROADCAST",
          "CAP_NET_ADMIN",
          "CAP_NET_RAW",
          "CAP_IPC_LOCK",
          "CAP_IPC_OWNER",
          "CAP_SYS_MODULE",
          "CAP_SYS_RAWIO",
          "CAP_SYS_CHROOT",
          "CAP_SYS_PTRACE",
          "CAP_SYS_PACCT",
          "CAP_SYS_ADMIN",
          "CAP_SYS_BOOT",
          "CAP_SYS_NICE",
          "CAP_SYS_RESOURCE",
          "CAP_SYS_TIME",
          "CAP_SYS_TTY_CONFIG",
          "CAP_MKNOD",
          "CAP_LEASE",
          "CAP_AUDIT_WRITE",
          "CAP_AUDIT_CONTROL",
          "CAP_SETFCAP",
          "CAP_MAC_OVERRIDE",
          "CAP_MAC_ADMIN",
          "CAP_SYSLOG",
          "CAP_WAKE_ALARM",
          "CAP_BLOCK_SUSPEND",
          "CAP_AUDIT_READ",
          "CAP_PERFMON",
          "CAP_BPF",
          "CAP_CHECKPOINT_RESTORE");

  private CapabilitySets() {}

  /**
   * Docker's default set with {@code add} and {@code drop} applied the way Docker does: names with
   * or without {@code CAP_}, any case. {@code ALL} in add grants every capability but the dropped
   * ones; {@code ALL} in drop keeps only the added ones; otherwise the dropped ones leave the
   * default set and the added ones join it.
   */
  public static List<String> apply(List<String> add, List<String> drop) {
    List<String> adds = normalize(add, "--cap-add");
    List<String> drops = normalize(drop, "--cap-drop");
    Set<String> result = new LinkedHashSet<>();
    if (adds.contains("ALL")) {
      ALL.stream().filter(c -> !drops.contains(c)).forEach(result::add);
    } else if (drops.contains("ALL")) {
      result.addAll(adds);
    } else {
      DOCKER_DEFAULT.stream().filter(c -> !drops.contains(c)).forEach(result::add);
      result.addAll(adds);
    }
    return List.copyOf(result);
  }

  /** {@code net_admin} or {@code CAP_NET_ADMIN} as {@code CAP_NET_ADMIN}; rejects unknown names. */
  public static String canonical(String name, String flag) {
    String upper = name.trim().toUpperCase(Locale.ROOT);
    if (upper.equals("ALL")) {
      return upper;
    }
    String full = upper.startsWith("CAP_") ? upper : "CAP_" + upper;
    if (!ALL.contains(full)) {
      throw BerthException.invalid("%s: unknown capability: \"%s\"", flag, name);
    }
    return full;
  }

  /**
   * The capabilities of {@link #ALL} in the bounding set {@code mask} (bit N for capability N, as
   * {@code CapBnd} in {@code /proc/self/status}): those a privileged container can get from a
   * daemon that may itself run with fewer, as Docker gives it the ones its environment has.
   */
  public static List<String> bounded(long mask) {
    List<String> held = new ArrayList<>();
    for (int bit = 0; bit < ALL.size(); bit++) {
      if ((mask & (1L << bit)) != 0) {
        held.add(ALL.get(bit));
      }
    }
    return List.copyOf(held);
  }

  /** The bounding set of this process, from the {@code CapBnd} line of {@code status}. */
  public static long boundingSet(Path status) {
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("CapBnd:")) {
          return Long.parseUnsignedLong(line.substring("CapBnd:".length()).strip(), 16);
        }
      }
    } catch (IOException | NumberFormatException e) {
      throw BerthException.internal("reading the capability bounding set in " + status, e);
    }
    throw BerthException.internal(
        "reading the capability bounding set: no CapBnd in " + status, null);
  }

  private static List<String> normalize(List<String> names, String flag) {
    List<String> out = new ArrayList<>();
    names.forEach(n -> out.add(canonical(n, flag)));
    return out;
  }
}
