package io.memkube.proxy.net;

import io.netty.channel.IoHandle;
import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerContext;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.IoOps;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollIoOps;

/**
 * Works around a Netty 4.2 epoll defect (4.2.18 to 4.2.21 at least): when a channel has no interest
 * left, its fd is removed from the epoll set while Netty keeps it marked as added, so the next
 * interest fails with {@code epoll_ctl: No such file or directory} and the channel is closed. A
 * client that half-closes its connection has no read interest any more: the first reply too large
 * for the socket buffer then needs write interest and the connection was cut short. This wrapper
 * keeps such an fd in the set with an edge-triggered empty mask, which reports nothing (and so
 * never wakes the loop) until real interest is set again.
 */
final class EpollInterestFix implements IoHandler {
  private final IoHandler delegate;

  private EpollInterestFix(IoHandler delegate) {
    this.delegate = delegate;
  }

  static IoHandlerFactory newFactory() {
    IoHandlerFactory epoll = EpollIoHandler.newFactory();
    return executor -> new EpollInterestFix(epoll.newHandler(executor));
  }

  @Override
  public void initialize() {
    delegate.initialize();
  }

  @Override
  public int run(IoHandlerContext context) {
    return delegate.run(context);
  }

  @Override
  public void prepareToDestroy() {
    delegate.prepareToDestroy();
  }

  @Override
  public void destroy() {
    delegate.destroy();
  }

  @Override
  public IoRegistration register(IoHandle handle) throws Exception {
    return new KeptRegistration(delegate.register(handle));
  }

  @Override
  public void wakeup() {
    delegate.wakeup();
  }

  @Override
  public boolean isCompatible(Class<? extends IoHandle> handleType) {
    return delegate.isCompatible(handleType);
  }

  private record KeptRegistration(IoRegistration delegate) implements IoRegistration {
    @Override
    public <T> T attachment() {
      return delegate.attachment();
    }

    @Override
    public long submit(IoOps ops) {
      return delegate.submit(EpollIoOps.NONE.equals(ops) ? EpollIoOps.EPOLLET : ops);
    }

    @Override
    public boolean isValid() {
      return delegate.isValid();
    }

    @Override
    public boolean cancel() {
      return delegate.cancel();
    }
  }
}
