package io.berth.runtime;

import io.berth.errors.BerthException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns Docker's {@code --user} ({@code name}, {@code uid}, {@code name:group}, {@code uid:gid})
 * and {@code --group-add} into numbers, reading {@code /etc/passwd} and {@code /etc/group} from an
 * image's root filesystem without ever following a symlink out of it.
 */
public final class UserResolver {

  private final Path rootfs;

  /** A resolver for the root filesystem at {@code rootfs}. */
  public UserResolver(Path rootfs) {
    this.rootfs = rootfs;
  }

  /**
   * The identity {@code user} names (empty means root), with {@code groupAdd} as extra groups.
   * Without an explicit group, the groups that list the user as a member are supplementary groups,
   * as in Docker.
   *
   * @throws BerthException INVALID_ARGUMENT naming a user or group the image does not have
   */
  public ResolvedUser resolve(String user, List<String> groupAdd) {
    String userPart = user;
    Optional<String> groupPart = Optional.empty();
    int colon = user.indexOf(':');
    if (colon >= 0) {
      userPart = user.substring(0, colon);
      groupPart = Optional.of(user.substring(colon + 1));
    }
    if (userPart.isEmpty()) {
      userPart = "0";
    }

    // The user: by name or uid in passwd; a bare number need not be listed.
    List<PasswdEntry> passwd = passwd();
    String wanted = userPart;
    Optional<PasswdEntry> entry =
        passwd.stream()
            .filter(p -> p.name().equals(wanted) || String.valueOf(p.uid()).equals(wanted))
            .findFirst();
    if (entry.isEmpty() && !isNumber(userPart)) {
      throw BerthException.invalid(
          "unable to find user %s: no matching entries in passwd file", userPart);
    }
    int uid = entry.map(PasswdEntry::uid).orElseGet(() -> number(wanted, "user"));
    int gid = entry.map(PasswdEntry::gid).orElse(0);
    String home = entry.map(PasswdEntry::home).orElse("/");

    // The primary group: explicit, or passwd's; then supplementary groups.
    List<GroupEntry> groups = groups();
    Set<Integer> extra = new LinkedHashSet<>();
    if (groupPart.isPresent() && !groupPart.get().isEmpty()) {
      gid = groupId(groupPart.get(), groups);
    } else if (entry.isPresent()) {
      String name = entry.get().name();
      int primary = gid;
      groups.stream()
          .filter(g -> g.members().contains(name) && g.gid() != primary)
          .forEach(g -> extra.add(g.gid()));
    }
    for (String g : groupAdd) {
      extra.add(groupId(g, groups));
    }
    return new ResolvedUser(uid, gid, new ArrayList<>(extra), home);
  }

  private static int groupId(String group, List<GroupEntry> groups) {
    Optional<GroupEntry> found =
        groups.stream()
            .filter(g -> g.name().equals(group) || String.valueOf(g.gid()).equals(group))
            .findFirst();
    if (found.isPresent()) {
      return found.get().gid();
    }
    if (!isNumber(group)) {
      throw BerthException.invalid(
          "unable to find group %s: no matching entries in group file", group);
    }
    return number(group, "group");
  }

  private List<PasswdEntry> passwd() {
    List<PasswdEntry> entries = new ArrayList<>();
    for (String[] f : records("/etc/passwd")) {
      if (f.length >= 4 && isNumber(f[2]) && isNumber(f[3])) {
        String home = f.length >= 6 && !f[5].isEmpty() ? f[5] : "/";
        entries.add(new PasswdEntry(f[0], number(f[2], "uid"), number(f[3], "gid"), home));
      }
    }
    return entries;
  }

  private List<GroupEntry> groups() {
    List<GroupEntry> entries = new ArrayList<>();
    for (String[] f : records("/etc/group")) {
      if (f.length >= 3 && isNumber(f[2])) {
        List<String> members =
            f.length >= 4 && !f[3].isEmpty() ? List.of(f[3].split(",")) : List.of();
        entries.add(new GroupEntry(f[0], number(f[2], "gid"), members));
      }
    }
    return entries;
  }

  /** The colon-separated records of a file of the image; none when it is missing. */
  private List<String[]> records(String file) {
    Path path = ScopedPath.resolve(rootfs, file);
    if (!ScopedPath.isPlainFile(path)) {
      return List.of();
    }
    List<String[]> out = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
        String trimmed = line.strip();
        if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
          out.add(trimmed.split(":", -1));
        }
      }
    } catch (IOException e) {
      throw BerthException.internal("reading " + file + " of rootfs " + rootfs, e);
    }
    return out;
  }

  private static boolean isNumber(String text) {
    return !text.isEmpty() && text.length() <= 10 && text.chars().allMatch(Character::isDigit);
  }

  private static int number(String text, String what) {
    long value = Long.parseLong(text);
    if (value > Integer.MAX_VALUE) {
      throw BerthException.invalid(
          "%s id %s is out of range (max %d)", what, text, Integer.MAX_VALUE);
    }
    return (int) value;
  }

  private record PasswdEntry(String name, int uid, int gid, String home) {}

  private record GroupEntry(String name, int gid, List<String> members) {}
}
