package io.berth.runtime;

import io.berth.runtime.RuntimeSpec.Arg;
import io.berth.runtime.RuntimeSpec.Seccomp;
import io.berth.runtime.RuntimeSpec.Syscall;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * berth's default seccomp filter. Every syscall is allowed except those that reach what a
 * container's namespaces do not isolate — the kernel's keyrings, modules, clock, swap, accounting,
 * raw I/O ports, new namespaces and mounts, other processes' memory — and the obsolete ones; each
 * group is refused with {@code EPERM} unless the container holds the capability that the kernel
 * itself asks for them, so {@code --cap-add SYS_ADMIN} gives back mounts and namespaces as with
 * Docker's profile. Tracing a process the container owns ({@code ptrace}) stays allowed. {@code
 * clone} is refused only when it asks for a new namespace, and {@code clone3}, whose flags a filter
 * cannot read, answers {@code ENOSYS} so that the C library falls back to {@code clone}. A deny
 * list rather than Docker's allow list: a syscall newer than this class is allowed (see
 * docs/compatibility.md).
 */
public final class DefaultSeccomp {

  private DefaultSeccomp() {}

  /** {@code EPERM}, what a refused syscall answers. */
  static final int EPERM = 1;

  /** {@code ENOSYS}, what {@code clone3} answers without {@code CAP_SYS_ADMIN}. */
  static final int ENOSYS = 38;

  /** Refused to every container: the keyrings are not namespaced, the rest is obsolete. */
  static final List<String> ALWAYS =
      List.of(
          "add_key",
          "keyctl",
          "request_key",
          "create_module",
          "get_kernel_syms",
          "query_module",
          "nfsservctl",
          "uselib",
          "ustat",
          "sysfs",
          "_sysctl",
          "vm86",
          "vm86old");

  /** Refused unless the container holds the capability (without {@code CAP_}) each is under. */
  static final Map<String, List<String>> BY_CAPABILITY =
      Map.ofEntries(
          Map.entry(
              "SYS_ADMIN",
              List.of(
                  "mount",
                  "umount",
                  "umount2",
                  "pivot_root",
                  "setns",
                  "unshare",
                  "fsopen",
                  "fsconfig",
                  "fsmount",
                  "fspick",
                  "open_tree",
                  "move_mount",
                  "mount_setattr",
                  "swapon",
                  "swapoff",
                  "quotactl",
                  "quotactl_fd",
                  "lookup_dcookie",
                  "name_to_handle_at",
                  "fanotify_init",
                  "bpf",
                  "perf_event_open")),
          Map.entry("SYS_MODULE", List.of("init_module", "finit_module", "delete_module")),
          Map.entry("SYS_BOOT", List.of("reboot", "kexec_load", "kexec_file_load")),
          Map.entry("SYS_TIME", List.of("settimeofday", "stime", "clock_settime", "clock_adjtime")),
          Map.entry("SYS_PACCT", List.of("acct")),
          Map.entry("SYS_RAWIO", List.of("iopl", "ioperm")),
          Map.entry("SYS_NICE", List.of("mbind", "set_mempolicy", "get_mempolicy", "move_pages")),
          // ptrace and process_vm_* stay allowed, as Docker allows them on kernels from 4.8 (whose
          // ptrace checks no longer let a filter be bypassed): the kernel's own rules then apply.
          Map.entry("SYS_PTRACE", List.of("kcmp", "pidfd_getfd", "userfaultfd")),
          Map.entry("DAC_READ_SEARCH", List.of("open_by_handle_at")),
          Map.entry("SYSLOG", List.of("syslog")),
          Map.entry("SYS_TTY_CONFIG", List.of("vhangup")));

  /**
   * The namespace flags of {@code clone}: NEWNS, NEWCGROUP, NEWUTS, NEWIPC, NEWUSER, NEWPID,
   * NEWNET.
   */
  static final List<Long> NAMESPACE_FLAGS =
      List.of(
          0x00020000L,
          0x02000000L,
          0x04000000L,
          0x08000000L,
          0x10000000L,
          0x20000000L,
          0x40000000L);

  /** The filter for a process holding {@code capabilities} ({@code CAP_SYS_ADMIN} and so on). */
  public static Seccomp forCapabilities(Collection<String> capabilities) {
    List<Syscall> rules = new ArrayList<>();
    rules.add(refuse(ALWAYS));
    BY_CAPABILITY.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .filter(e -> !capabilities.contains("CAP_" + e.getKey()))
        .forEach(e -> rules.add(refuse(e.getValue())));
    if (!capabilities.contains("CAP_SYS_ADMIN")) {
      // clone(flags, …): flags is the first argument on x86 and arm alike; one rule per flag, any
      // one of which refuses the call.
      for (long flag : NAMESPACE_FLAGS) {
        rules.add(
            new Syscall(
                List.of("clone"),
                "SCMP_ACT_ERRNO",
                Optional.of(EPERM),
                List.of(new Arg(0, flag, flag, "SCMP_CMP_MASKED_EQ"))));
      }
      rules.add(new Syscall(List.of("clone3"), "SCMP_ACT_ERRNO", Optional.of(ENOSYS), List.of()));
    }
    return new Seccomp("SCMP_ACT_ALLOW", architectures(System.getProperty("os.arch")), rules);
  }

  /** The native architecture and those whose programs it also runs. */
  static List<String> architectures(String osArch) {
    return switch (osArch) {
      case "amd64", "x86_64" -> List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32");
      case "aarch64", "arm64" -> List.of("SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM");
      default -> List.of();
    };
  }

  private static Syscall refuse(List<String> names) {
    return new Syscall(names, "SCMP_ACT_ERRNO", Optional.of(EPERM), List.of());
  }
}
