package io.memkube.protocol.signal;

import java.lang.reflect.Proxy;

/**
 * {@code SIGHUP} as memcached uses it: a request to re-read configuration files, not to stop. The
 * JVM would otherwise treat it as a termination signal and run the shutdown hooks.
 *
 * <p>{@code sun.misc.Signal} (module jdk.unsupported, in every JDK) is the only way to handle a
 * signal; it is reached by reflection because javac warns about every compiled reference to it and
 * offers no way to silence that warning.
 */
public final class HangupSignal {
  private HangupSignal() {}

  /** Runs {@code action} on the JVM's signal thread at every SIGHUP. */
  public static void onHangup(Runnable action) {
    try {
      Class<?> signal = Class.forName("sun.misc.Signal");
      Class<?> handler = Class.forName("sun.misc.SignalHandler");
      Object hup = signal.getConstructor(String.class).newInstance("HUP");
      Object h =
          Proxy.newProxyInstance(
              HangupSignal.class.getClassLoader(),
              new Class<?>[] {handler},
              (proxy, method, args) -> {
                if (method.getName().equals("handle")) {
                  action.run();
                  return null;
                }
                return method.invoke(action, args); // toString, hashCode, equals
              });
      signal.getMethod("handle", signal, handler).invoke(null, hup, h);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot handle SIGHUP: " + e, e);
    }
  }
}
