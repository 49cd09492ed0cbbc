package io.memkube.e2e.dataplane;

import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.function.Consumer;

/**
 * An informer handler for recorders that want each state an object goes through, whether it was
 * added, changed or deleted (then its last state).
 */
final class EveryState {

  private EveryState() {}

  static <T> ResourceEventHandler<T> to(Consumer<T> seen) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        seen.accept(obj);
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        seen.accept(newObj);
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        seen.accept(obj);
      }
    };
  }
}
