package io.berth.mount;

import io.berth.errors.BerthException;
import io.berth.errors.ErrorKind;
import io.berth.sys.Mounts;
import io.berth.sys.SysException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Puts {@link Mount} values onto a target directory and takes them off again: overlay, tmpfs and
 * the like as one {@code mount(2)}, a bind mount as a bind then, if it has flags such as {@code
 * ro}, a remount (the kernel ignores them on the bind itself). Stateless and safe to call from any
 * thread; mounts are visible to the whole process.
 */
public final class MountManager {

  private static final Map<String, Long> FLAGS =
      Map.ofEntries(
          Map.entry("ro", Mounts.MS_RDONLY),
          Map.entry("nosuid", Mounts.MS_NOSUID),
          Map.entry("nodev", Mounts.MS_NODEV),
          Map.entry("noexec", Mounts.MS_NOEXEC),
          Map.entry("noatime", Mounts.MS_NOATIME),
          Map.entry("relatime", Mounts.MS_RELATIME),
          Map.entry("bind", Mounts.MS_BIND),
          Map.entry("rbind", Mounts.MS_BIND | Mounts.MS_REC));

  private static final Map<String, Long> PROPAGATION =
      Map.of(
          "private",
          Mounts.MS_PRIVATE,
          "rprivate",
          Mounts.MS_PRIVATE | Mounts.MS_REC,
          "slave",
          Mounts.MS_SLAVE,
          "rslave",
          Mounts.MS_SLAVE | Mounts.MS_REC,
          "shared",
          Mounts.MS_SHARED,
          "rshared",
          Mounts.MS_SHARED | Mounts.MS_REC);

  /** More stacked mounts than this on one target means something else keeps mounting there. */
  private static final int MAX_STACKED = 64;

  private MountManager() {}

  /**
   * Mounts {@code mounts} one over the other on {@code target}, in order; when one fails, those
   * already mounted are taken off again before the error is thrown.
   *
   * @throws BerthException FAILED_PRECONDITION when mounting is not permitted (not root), INTERNAL
   *     for any other refusal, both naming the mount and the target
   */
  public static void mountAll(List<Mount> mounts, Path target) {
    int done = 0;
    try {
      for (Mount mount : mounts) {
        mountOne(mount, target);
        done++;
      }
    } catch (BerthException e) {
      for (int i = 0; i < done; i++) {
        unmountQuietly(target, e);
      }
      throw e;
    }
  }

  /**
   * Takes every mount off {@code target} (innermost first); a target with nothing mounted is left
   * as it is. A busy mount is detached lazily ({@code MNT_DETACH}).
   */
  public static void unmount(Path target) {
    for (int i = 0; i < MAX_STACKED; i++) {
      if (!unmountOnce(target)) {
        return;
      }
    }
    throw new BerthException(
        ErrorKind.INTERNAL,
        "unmounting %s: still mounted after %d unmounts".formatted(target, MAX_STACKED));
  }

  /** Mounts {@code mounts} on {@code target} and returns the scope that unmounts them on close. */
  public static Mounted mounted(List<Mount> mounts, Path target) {
    mountAll(mounts, target);
    return new Mounted(target, false);
  }

  /**
   * Mounts {@code mounts} on a fresh directory created under {@code parent}; closing the scope
   * unmounts them and deletes the directory.
   */
  public static Mounted mountedTemporarily(List<Mount> mounts, Path parent) {
    Path target;
    try {
      Files.createDirectories(parent);
      target = Files.createTempDirectory(parent, "mnt-");
    } catch (IOException e) {
      throw BerthException.internal("creating a mount point under " + parent, e);
    }
    try {
      mountAll(mounts, target);
    } catch (BerthException e) {
      deleteQuietly(target, e);
      throw e;
    }
    return new Mounted(target, true);
  }

  private static void mountOne(Mount mount, Path target) {
    long flags = 0;
    long propagation = 0;
    List<String> data = new ArrayList<>();
    for (String option : mount.options()) {
      if (FLAGS.containsKey(option)) {
        flags |= FLAGS.get(option);
      } else if (PROPAGATION.containsKey(option)) {
        propagation |= PROPAGATION.get(option);
      } else if (!option.equals("rw") && !option.equals("defaults")) {
        data.add(option);
      }
    }
    boolean bind = mount.type().equals("bind") || (flags & Mounts.MS_BIND) != 0;
    String where = target.toString();
    try {
      if (bind) {
        long bindFlags = Mounts.MS_BIND | (flags & Mounts.MS_REC);
        Mounts.mount(mount.source(), where, "", bindFlags, "");
        long remaining = flags & ~(Mounts.MS_BIND | Mounts.MS_REC);
        if (remaining != 0) {
          Mounts.mount("", where, "", Mounts.MS_REMOUNT | Mounts.MS_BIND | remaining, "");
        }
      } else {
        mountData(mount, target, flags, String.join(",", data));
      }
      if (propagation != 0) {
        Mounts.mount("", where, "", propagation, "");
      }
    } catch (SysException e) {
      BerthException failure = failure(mount, target, e);
      if (bind) {
        // A bind that succeeded before its remount failed must not stay mounted read-write.
        unmountQuietly(target, failure);
      }
      throw failure;
    }
  }

  /** A mount with options; an overlay too long for one page is made from its layers' directory. */
  private static void mountData(Mount mount, Path target, long flags, String data)
      throws SysException {
    String where = target.toAbsolutePath().toString();
    if (!mount.type().equals("overlay") || OverlayOptions.fits(data)) {
      Mounts.mount(mount.source(), where, mount.type(), flags, data);
      return;
    }
    OverlayOptions shortened = OverlayOptions.of(data);
    if (shortened.directory().isEmpty()) {
      Mounts.mount(mount.source(), where, mount.type(), flags, data);
      return;
    }
    Mounts.mountFrom(
        shortened.directory().get(), mount.source(), where, mount.type(), flags, shortened.data());
  }

  private static BerthException failure(Mount mount, Path target, SysException e) {
    ErrorKind kind = e.errno() == 1 ? ErrorKind.FAILED_PRECONDITION : ErrorKind.INTERNAL;
    return new BerthException(
        kind,
        "mounting %s %s on %s: %s".formatted(mount.type(), mount.source(), target, e.getMessage()),
        e);
  }

  /** Takes the top mount off {@code target}; false when nothing was mounted there. */
  private static boolean unmountOnce(Path target) {
    try {
      Mounts.unmount(target.toString(), 0);
      return true;
    } catch (SysException e) {
      if (Mounts.notMounted(e)) {
        return false;
      }
      if (e.errno() != 16) {
        throw new BerthException(ErrorKind.INTERNAL, "unmounting " + target, e);
      }
    }
    try {
      Mounts.unmount(target.toString(), Mounts.MNT_DETACH);
      return true;
    } catch (SysException e) {
      throw new BerthException(ErrorKind.INTERNAL, "detaching the busy mount on " + target, e);
    }
  }

  private static void unmountQuietly(Path target, Exception primary) {
    try {
      unmountOnce(target);
    } catch (BerthException e) {
      primary.addSuppressed(e);
    }
  }

  private static void deleteQuietly(Path directory, Exception primary) {
    try {
      Files.deleteIfExists(directory);
    } catch (IOException e) {
      primary.addSuppressed(e);
    }
  }

  /** A set of mounts on one target that {@link #close} takes off again. */
  public static final class Mounted implements AutoCloseable {
    private final Path target;
    private final boolean temporary;
    private boolean closed;

    private Mounted(Path target, boolean temporary) {
      this.target = target;
      this.temporary = temporary;
    }

    /** Where the mounts are. */
    public Path target() {
      return target;
    }

    /** Unmounts, and deletes the mount point if this scope created it; idempotent. */
    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      unmount(target);
      if (temporary) {
        try {
          Files.deleteIfExists(target);
        } catch (IOException e) {
          throw BerthException.internal("deleting the mount point " + target, e);
        }
      }
    }
  }
}
