package io.memkube.protocol.signal;

import java.lang.reflect.Proxy;

/**
 * A handler for one of the signals memcached gives a meaning of its own ({@code SIGHUP}, {@code
 * SIGUSR1}), in place of the JVM's default.
 *
 * <p>{@code sun.misc.Signal} (module jdk.unsupported, in every JDK) is the only way to handle a
 * signal; it is reached by reflection because javac warns about every compiled reference to it and
 * offers no way to silence that warning.
 */
public final class ProcessSignal {
  private ProcessSignal() {}

  /**
   * Runs {@code action} on the JVM's signal thread each time the signal arrives.
   *
   * @param name the signal's name without {@code SIG}: {@code HUP}, {@code USR1}
   */
  public static void on(String name, Runnable action) {
    try {
      Class<?> signal = Class.forName("sun.misc.Signal");
      Class<?> handler = Class.forName("sun.misc.SignalHandler");
      Object sig = signal.getConstructor(String.class).newInstance(name);
      Object h =
          Proxy.newProxyInstance(
              ProcessSignal.class.getClassLoader(),
              new Class<?>[] {handler},
              (proxy, method, args) -> {
                if (method.getName().equals("handle")) {
                  action.run();
                  return null;
                }
                return method.invoke(action, args); // toString, hashCode, equals
              });
      signal.getMethod("handle", signal, handler).invoke(null, sig, h);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot handle SIG" + name + ": " + e, e);
    }
  }
}
