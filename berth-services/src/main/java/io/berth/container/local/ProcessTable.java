package io.berth.container.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code docker top}'s table for a set of host pids, read from {@code /proc} as {@code ps -ef}. */
final class ProcessTable {

  static final List<String> TITLES =
      List.of("UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD");
  private static final long TICKS = 100;

  private ProcessTable() {}

  static List<List<String>> of(List<Integer> pids) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(TITLES);
    for (int pid : pids) {
      try {
        rows.add(row(pid));
      } catch (IOException | RuntimeException e) {
        // The process ended between the listing and the read.
      }
    }
    return rows;
  }

  private static List<String> row(int pid) throws IOException {
    Path proc = Path.of("/proc", Integer.toString(pid));
    String stat = Files.readString(proc.resolve("stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    String ppid = f[1];
    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
    byte[] raw = Files.readAllBytes(proc.resolve("cmdline"));
    String cmd =
        new String(raw, java.nio.charset.StandardCharsets.UTF_8).replace('\0', ' ').strip();
    String uid = "0";
    for (String line : Files.readAllLines(proc.resolve("status"))) {
      if (line.startsWith("Uid:")) {
        uid = line.split("\\s+")[1];
      }
    }
    long seconds = ticks / TICKS;
    String time = "%02d:%02d:%02d".formatted(seconds / 3600, seconds / 60 % 60, seconds % 60);
    return List.of(
        uid.equals("0") ? "root" : uid, Integer.toString(pid), ppid, "0", "-", "?", time, cmd);
  }
}
