package io.berth.daemon;

import io.berth.api.EngineEvent;
import io.berth.api.EventSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The daemon's in-process bus of engine events: services publish, {@code GET /events} readers
 * subscribe; keeps the last {@value #BACKLOG} events for {@code since}, as Docker does.
 * Thread-safe.
 */
public final class EventBus implements EventSource {
  static final int BACKLOG = 256;

  private final Deque<EngineEvent> backlog = new ArrayDeque<>();
  private final Set<Sub> subscribers = ConcurrentHashMap.newKeySet();

  /** Hands {@code event} to every subscriber and keeps it in the backlog. */
  public void publish(EngineEvent event) {
    synchronized (backlog) {
      backlog.addLast(event);
      if (backlog.size() > BACKLOG) {
        backlog.removeFirst();
      }
      subscribers.forEach(s -> s.queue.offer(event));
    }
  }

  @Override
  public Subscription subscribe(Optional<Instant> since) {
    Sub sub = new Sub();
    synchronized (backlog) {
      since.ifPresent(
          t -> backlog.stream().filter(e -> !e.time().isBefore(t)).forEach(sub.queue::offer));
      subscribers.add(sub);
    }
    return sub;
  }

  /** How many readers are subscribed now. */
  public int subscribers() {
    return subscribers.size();
  }

  /** Ends every subscription, at shutdown. */
  public void closeAll() {
    subscribers.forEach(Sub::close);
  }

  private final class Sub implements Subscription {
    final LinkedBlockingQueue<EngineEvent> queue = new LinkedBlockingQueue<>();
    private volatile boolean closed;

    @Override
    public Optional<EngineEvent> next(Duration timeout) throws InterruptedException {
      if (closed) {
        return Optional.empty();
      }
      return Optional.ofNullable(queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS));
    }

    @Override
    public boolean isClosed() {
      return closed;
    }

    @Override
    public void close() {
      closed = true;
      subscribers.remove(this);
    }
  }
}
