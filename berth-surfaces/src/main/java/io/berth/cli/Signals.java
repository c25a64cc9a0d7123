package io.berth.cli;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Optional;

/**
 * Handlers for POSIX signals ({@code WINCH}, {@code INT}, {@code TERM}…) through the JDK's {@code
 * sun.misc.Signal}, the only signal API Java has. It lives in the exported {@code jdk.unsupported}
 * module, so it needs no flag; it is reached reflectively so that the build stays free of its
 * "internal proprietary API" warnings. A handler runs on the JVM's signal thread and must return
 * quickly. When the JVM refuses a signal (it keeps {@code QUIT}, or {@code -Xrs} was given), {@link
 * #handle} says so by returning empty.
 */
final class Signals {

  private static final Optional<Api> API = Api.find();

  private Signals() {}

  /**
   * Runs {@code handler} on each {@code name} signal (without its {@code SIG} prefix) until the
   * result is closed, which puts the previous handler back; empty when the signal cannot be
   * handled.
   */
  static Optional<AutoCloseable> handle(String name, Runnable handler) {
    if (API.isEmpty()) {
      return Optional.empty();
    }
    Api api = API.get();
    try {
      Object signal = api.signal.newInstance(name);
      Object ours =
          Proxy.newProxyInstance(
              Signals.class.getClassLoader(),
              new Class<?>[] {api.handlerType},
              (proxy, method, args) ->
                  switch (method.getName()) {
                    case "handle" -> {
                      handler.run();
                      yield null;
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "berth handler for SIG" + name;
                    default -> null;
                  });
      Object previous = api.handle.invoke(null, signal, ours);
      return Optional.of(() -> api.handle.invoke(null, signal, previous));
    } catch (ReflectiveOperationException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The reflective handles on {@code sun.misc.Signal}. */
  private record Api(Constructor<?> signal, Class<?> handlerType, Method handle) {
    static Optional<Api> find() {
      try {
        Class<?> signal = Class.forName("sun.misc.Signal");
        Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
        return Optional.of(
            new Api(
                signal.getConstructor(String.class),
                handlerType,
                signal.getMethod("handle", signal, handlerType)));
      } catch (ReflectiveOperationException | RuntimeException e) {
        return Optional.empty();
      }
    }
  }
}
