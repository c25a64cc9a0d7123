package io.berth.network.bridge;

import io.berth.errors.BerthException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The machine-wide lock berth daemons hold while they pick a subnet and make its bridge, so that
 * two daemons started at once (tests, a machine-wide daemon) never take the same subnet: a file
 * lock between processes, and a plain lock between daemons of one JVM (file locks are per process).
 */
final class HostLock {

  private static final ReentrantLock IN_JVM = new ReentrantLock();
  private static final Path FILE =
      Files.isDirectory(Path.of("/run/lock"))
          ? Path.of("/run/lock/berth-network.lock")
          : Path.of(System.getProperty("java.io.tmpdir"), "berth-network.lock");

  private HostLock() {}

  static <T> T holding(Supplier<T> work) {
    IN_JVM.lock();
    try (FileChannel channel =
            FileChannel.open(FILE, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.lock()) {
      return work.get();
    } catch (IOException e) {
      throw BerthException.internal("taking the network lock " + FILE, e);
    } finally {
      IN_JVM.unlock();
    }
  }
}
