package io.berth.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The C library as Java's foreign function API sees it: the one place that links a libc symbol and
 * reads {@code errno}. Every other class in {@code sys} builds its calls from here.
 */
public final class Libc {

  private static final Linker LINKER = Linker.nativeLinker();
  private static final SymbolLookup LOOKUP = LINKER.defaultLookup();
  private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
  private static final java.lang.foreign.StructLayout CAPTURE_LAYOUT =
      Linker.Option.captureStateLayout();
  private static final VarHandle ERRNO =
      CAPTURE_LAYOUT.varHandle(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));

  private Libc() {}

  /**
   * A handle on {@code name} whose first argument is the errno capture segment; pass {@link
   * #errnoSegment} there and read it back with {@link #errno}.
   */
  public static MethodHandle function(String name, FunctionDescriptor descriptor) {
    MemorySegment symbol =
        LOOKUP.find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no symbol " + name));
    return LINKER.downcallHandle(symbol, descriptor, CAPTURE_ERRNO);
  }

  /**
   * As {@link #function(String, FunctionDescriptor)} for a variadic C function such as {@code
   * ioctl} or {@code prctl}: the arguments from index {@code firstVariadic} on (not counting the
   * errno segment) are passed as C passes variadic arguments.
   */
  public static MethodHandle variadic(
      String name, FunctionDescriptor descriptor, int firstVariadic) {
    MemorySegment symbol =
        LOOKUP.find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no symbol " + name));
    return LINKER.downcallHandle(
        symbol, descriptor, CAPTURE_ERRNO, Linker.Option.firstVariadicArg(firstVariadic));
  }

  /** A segment to receive errno, allocated in {@code arena}. */
  public static MemorySegment errnoSegment(Arena arena) {
    return arena.allocate(CAPTURE_LAYOUT);
  }

  /** The errno captured in {@code segment} by the last call that was given it. */
  public static int errno(MemorySegment segment) {
    return (int) ERRNO.get(segment, 0L);
  }

  /** The text of {@code errno}, as {@code strerror} gives it, with its symbolic number. */
  public static String describe(int errno) {
    try (Arena arena = Arena.ofConfined()) {
      MethodHandle strerror =
          LINKER.downcallHandle(
              LOOKUP.find("strerror").orElseThrow(),
              FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
      MemorySegment text = (MemorySegment) strerror.invokeExact(errno);
      return text.reinterpret(4096).getString(0) + " (errno " + errno + ")";
    } catch (Throwable t) {
      return "errno " + errno;
    }
  }

  /** A NUL-terminated copy of {@code text} in {@code arena}. */
  public static MemorySegment cString(Arena arena, String text) {
    return arena.allocateFrom(text);
  }
}
