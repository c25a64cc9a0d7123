package io.berth.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Extended attributes of a file itself (the {@code l*xattr} calls: a symlink is not followed),
 * names and values as raw bytes since values such as {@code security.capability} are binary.
 */
public final class Xattrs {

  private static final int ENODATA = 61;
  private static final int ERANGE = 34;
  private static final int ENOTSUP = 95;

  private static final MethodHandle LLISTXATTR =
      Libc.function(
          "llistxattr",
          FunctionDescriptor.of(
              ValueLayout.JAVA_LONG,
              ValueLayout.ADDRESS,
              ValueLayout.ADDRESS,
              ValueLayout.JAVA_LONG));
  private static final MethodHandle LGETXATTR =
      Libc.function(
          "lgetxattr",
          FunctionDescriptor.of(
              ValueLayout.JAVA_LONG,
              ValueLayout.ADDRESS,
              ValueLayout.ADDRESS,
              ValueLayout.ADDRESS,
              ValueLayout.JAVA_LONG));
  private static final MethodHandle LSETXATTR =
      Libc.function(
          "lsetxattr",
          FunctionDescriptor.of(
              ValueLayout.JAVA_INT,
              ValueLayout.ADDRESS,
              ValueLayout.ADDRESS,
              ValueLayout.ADDRESS,
              ValueLayout.JAVA_LONG,
              ValueLayout.JAVA_INT));

  private Xattrs() {}

  /** The names of the attributes of {@code path}; empty where the file system has none. */
  public static List<String> list(Path path) throws SysException {
    for (long size = 1024; ; size *= 4) {
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment errno = Libc.errnoSegment(arena);
        MemorySegment buffer = arena.allocate(size);
        long n =
            (long)
                LLISTXATTR.invokeExact(errno, Libc.cString(arena, path.toString()), buffer, size);
        if (n < 0) {
          int e = Libc.errno(errno);
          if (e == ERANGE) {
            continue;
          }
          if (e == ENOTSUP) {
            return List.of();
          }
          throw new SysException("llistxattr", path.toString(), e);
        }
        return names(buffer.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE));
      } catch (SysException e) {
        throw e;
      } catch (Throwable t) {
        throw new IllegalStateException("llistxattr " + path, t);
      }
    }
  }

  /** The value of attribute {@code name} of {@code path}, if it has one. */
  public static Optional<byte[]> get(Path path, String name) throws SysException {
    for (long size = 256; ; size *= 4) {
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment errno = Libc.errnoSegment(arena);
        MemorySegment buffer = arena.allocate(size);
        long n =
            (long)
                LGETXATTR.invokeExact(
                    errno,
                    Libc.cString(arena, path.toString()),
                    Libc.cString(arena, name),
                    buffer,
                    size);
        if (n < 0) {
          int e = Libc.errno(errno);
          if (e == ERANGE) {
            continue;
          }
          if (e == ENODATA || e == ENOTSUP) {
            return Optional.empty();
          }
          throw new SysException("lgetxattr " + name, path.toString(), e);
        }
        return Optional.of(buffer.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE));
      } catch (SysException e) {
        throw e;
      } catch (Throwable t) {
        throw new IllegalStateException("lgetxattr " + path, t);
      }
    }
  }

  /** Sets attribute {@code name} of {@code path} to {@code value}. */
  public static void set(Path path, String name, byte[] value) throws SysException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment errno = Libc.errnoSegment(arena);
      MemorySegment data = arena.allocate(Math.max(1, value.length));
      MemorySegment.copy(value, 0, data, ValueLayout.JAVA_BYTE, 0, value.length);
      int rc =
          (int)
              LSETXATTR.invokeExact(
                  errno,
                  Libc.cString(arena, path.toString()),
                  Libc.cString(arena, name),
                  data,
                  (long) value.length,
                  0);
      if (rc != 0) {
        throw new SysException("lsetxattr " + name, path.toString(), Libc.errno(errno));
      }
    } catch (SysException e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException("lsetxattr " + path, t);
    }
  }

  private static List<String> names(byte[] list) {
    List<String> names = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < list.length; i++) {
      if (list[i] == 0) {
        if (i > start) {
          names.add(new String(list, start, i - start, StandardCharsets.UTF_8));
        }
        start = i + 1;
      }
    }
    return names;
  }
}
