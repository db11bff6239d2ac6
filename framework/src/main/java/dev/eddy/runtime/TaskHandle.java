package dev.eddy.runtime;

/**
 * The handle of a {@link Task} registered with {@link Runtime#register(Task)} or spawned with
 * {@link Runtime#spawn(Task)}: its {@link JoinHandle} and its {@link Waker} in one object, so that
 * whoever owns the task (an actor's mailbox, a connection's selector key) can wake it without
 * waiting for its first poll.
 *
 * <p>Thread-safety: as {@link JoinHandle} and {@link Waker}.
 */
public interface TaskHandle extends JoinHandle<Void>, Waker {}
