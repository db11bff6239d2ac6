package dev.eddy.actor.internal;

import dev.eddy.actor.Actor;
import dev.eddy.actor.ActorContext;
import dev.eddy.actor.ActorRef;
import dev.eddy.actor.ActorSystem;
import dev.eddy.actor.Props;
import dev.eddy.actor.TimerScheduler;
import dev.eddy.runtime.Task;
import dev.eddy.runtime.TaskContext;
import dev.eddy.runtime.TaskHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One actor as the runtime sees it: a {@link Task} with a mailbox. The cell is also the actor's
 * {@link ActorRef} and its {@link ActorContext}, and its own mailbox (it extends {@link
 * MpscQueue}), so an idle actor is this one object, its task handle and its actor instance.
 *
 * <h2>Implementation overview</h2>
 *
 * <p><b>Messages.</b> {@code tell} appends to the mailbox (one exchange) and wakes the task; the
 * runtime coalesces wakes, so a busy actor costs its senders one volatile read. A poll handles up
 * to {@code throughput} messages, then wakes itself and returns (a yield), so one busy actor
 * cannot starve the others on its worker. The runtime polls a task on one thread at a time, each
 * poll after the previous one: that is the "one message at a time" guarantee, and why the
 * fields marked <i>turn</i> below need no synchronization.
 *
 * <p><b>System messages</b> (stop, watch, a child's end, a due restart) go to a second queue, an
 * intrusive Treiber stack of {@link SystemMessage}s ({@code sysHead}), drained and reversed at
 * the start of a poll and after each message, so they overtake ordinary messages. When the actor
 * stops, the stack is closed with the {@code CLOSED} sentinel: a later push fails and the sender
 * handles the message itself (a watch of a dead actor is answered at once).
 *
 * <p><b>Lifecycle</b> ({@code status}): ACTIVE, then STOPPING while its children stop (each
 * reports back with ChildTerminated), then STOPPED: timers cancelled, {@code postStop} run,
 * system queue closed, watchers and parent notified, task finished. A producer that finds STOPPED
 * after its append drains the mailbox to dead letters under the cell's lock (the only consumer
 * once the task is gone), so no message is lost silently. A failure suspends the actor for a
 * restart, which waits for the children to stop and for the backoff to pass ({@link
 * #maybeFinishRestart()}).
 *
 * <p><b>Errors</b> follow {@link Failures}: whatever actor code throws is caught here and either
 * supervised or, if fatal, stops the actor. As a last line, the task's handle is watched: if the
 * task ends while the cell is not STOPPED (its runtime shut down and aborted it, or something
 * escaped a poll), {@link #abandon} runs the stop path without {@code postStop}, so watchers, the
 * parent and later senders are never left waiting on a cell nobody polls.
 *
 * <p>Dead letters are published outside the cell's lock: a listener may tell a dead actor again.
 *
 * <p><b>Logging.</b> The first {@code log()} of a turn, or the framework's first line about the
 * actor in it, puts the actor's path in the MDC ({@link ActorMdc}); the end of the poll puts back
 * what was there, so the next task on the worker does not carry it. Lazily, so that a turn that
 * logs nothing costs one field read. {@code log()} is named after the actor's class, learnt when
 * its constructor binds to the cell.
 *
 * <p>The hierarchy (parent, name, children) lives in the base class {@link ActorTree}; death
 * watch, stash and supervision in {@link DeathWatch}, {@link Stash} and {@link Supervisor}.
 */
public final class ActorCell<M> extends ActorTree<M> implements ActorRef<M>, ActorContext<M>, Task {

  static final Logger log = LoggerFactory.getLogger("dev.eddy.actor.ActorSystem");

  static final int ACTIVE = 0;
  static final int STOPPING = 1;
  static final int STOPPED = 2;

  private static final VarHandle SYS;
  private static final SystemMessage CLOSED = new SystemMessage.Stop();

  static {
    try {
      SYS = MethodHandles.lookup().findVarHandle(ActorCell.class, "sysHead", SystemMessage.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Supplier<? extends Actor<M>> factory;
  final Props props;
  /** The bounded mailbox, or {@code null}: then messages go to this cell's own queue. */
  private final BoundedMailbox bounded;
  private final TaskHandle handle;

  /** ACTIVE, STOPPING or STOPPED; written by the turn (under the lock for STOPPING). */
  private volatile int status;
  @SuppressWarnings("unused") // through SYS
  private volatile SystemMessage sysHead;

  // ---- turn: touched only by the actor's own poll
  private Actor<M> actor;
  private boolean suspended;
  private CellExtras extras;
  /** What stopped the actor, or null; published by the STOPPED write. */
  private Throwable failure;
  /** The logger of {@code context().log()}, named after the actor's class once it is known. */
  private Logger actorLog;
  /** Whether this turn put the path in the MDC, and what it replaced there. */
  private boolean inMdc;
  private String outerMdc;

  ActorCell(ActorSystemImpl system, ActorCell<?> parent, String name, int uid,
      Supplier<? extends Actor<M>> factory, Props props) {
    super(system, parent, name, uid);
    this.factory = factory;
    this.props = props;
    this.bounded = props.mailbox().isBounded() ? new BoundedMailbox(props.mailbox()) : null;
    // Registered, not scheduled: nothing polls this cell before the spawner's start().
    this.handle = system.runtime().register(this);
  }

  /** Whether the runtime refused the task (it is shutting down): the actor can never run. */
  boolean refused() {
    return handle.isDone();
  }

  /** Schedules the first turn, which creates the actor instance. */
  void start() {
    handle.whenComplete((ignored, cause) -> onTaskEnded(cause));
    handle.wake();
  }

  /** Whether the actor has stopped for good: a message to it now is a dead letter. */
  boolean isStopped() {
    return status == STOPPED;
  }

  // ================================================================= ActorRef

  @Override
  public void tell(M message) {
    Objects.requireNonNull(message, "message");
    if (bounded == null) {
      offer(message);
    } else if (!bounded.offer(message, this)) {
      return;
    }
    afterEnqueue();
  }

  /** Enqueues something of the system's own; never dropped by a bound. */
  void tellControl(ControlMessage message) {
    if (bounded == null) {
      offer(message);
    } else {
      bounded.offerControl(message);
    }
    afterEnqueue();
  }

  private void afterEnqueue() {
    // The exchange in offer() is a full fence: either this read sees STOPPED, or the final
    // drain in finishStop() (after its STOPPED write) sees the message.
    if (status == STOPPED) {
      drainToDeadLetters();
    } else {
      handle.wake();
    }
  }

  @Override
  public <R> CompletionStage<R> ask(Function<ActorRef<R>, ? extends M> request,
      Duration timeout) {
    return AskRef.ask(system, this, request, timeout);
  }

  @Override
  public String toString() {
    return "Actor[" + path() + "]";
  }

  // ================================================================= the task

  @Override
  public boolean poll(TaskContext cx) {
    try {
      return turn(cx);
    } finally {
      if (inMdc) {
        inMdc = false;
        ActorMdc.exit(outerMdc);
        outerMdc = null;
      }
    }
  }

  /**
   * Puts this actor's path in the MDC until the end of the turn (turn only): called by {@link
   * #log()} and before the framework's lines about this actor. Lazy, so that a turn that logs
   * nothing pays one field read and an idle actor keeps no path text.
   */
  void enterMdc() {
    if (!inMdc) {
      outerMdc = ActorMdc.enter(path().toString());
      inMdc = true;
    }
  }

  private boolean turn(TaskContext cx) {
    if (status == ACTIVE && actor == null && !suspended) {
      // The first turn creates the actor before any system message is handled, as Akka's Create
      // comes first: a Stop that overtook the start (a parent restarting at once) still sees
      // preStart, then postStop, never neither.
      create(null);
    }
    if (sysHead != null) {
      processSystemMessages();
    }
    int budget = system.throughput;
    while (status == ACTIVE && !suspended) {
      Object m = nextMessage();
      if (m == null) {
        return false;
      }
      invoke(m);
      if (sysHead != null) {
        processSystemMessages();
      }
      if (--budget == 0) {
        if (hasMessages()) {
          cx.waker().wake(); // yield: the rest in a later poll
        }
        break;
      }
    }
    return status == STOPPED;
  }

  private Object nextMessage() {
    CellExtras x = extras;
    if (x != null && x.hasUnstashed()) {
      return x.unstashed.pollFirst();
    }
    return bounded == null ? poll() : bounded.poll();
  }

  private boolean hasMessages() {
    CellExtras x = extras;
    return (x != null && x.hasUnstashed()) || (bounded == null ? !isEmpty() : !bounded.isEmpty());
  }

  @SuppressWarnings("unchecked")
  private void invoke(Object m) {
    try {
      if (m instanceof ControlMessage c) {
        c.handle(this);
      } else {
        ActorAccess.get().receive(actor, (M) m);
      }
    } catch (Throwable e) {
      fail(e);
    }
  }

  /** Hands a failure of actor code to supervision; a fatal one stops the actor instead. */
  void fail(Throwable e) {
    if (Failures.isFatal(e)) {
      Failures.onFatal(this, e);
      beginStop(e);
    } else {
      Supervisor.onFailure(this, e);
    }
  }

  /** Creates an instance and runs preStart, or postRestart(cause) after a restart. */
  void create(Throwable restartCause) {
    try {
      Creation.begin(this);
      Actor<M> a;
      try {
        a = factory.get();
      } finally {
        Creation.end();
      }
      actor = Objects.requireNonNull(a, "the actor factory returned null");
      if (restartCause == null) {
        ActorAccess.get().preStart(a);
      } else {
        ActorAccess.get().postRestart(a, restartCause);
      }
    } catch (Throwable e) {
      fail(e);
    }
  }

  // ================================================================= system messages

  /** Pushes {@code m} to the system queue and wakes the task; if stopped, the sender handles it. */
  void sendSystem(SystemMessage m) {
    SystemMessage h = (SystemMessage) SYS.getAcquire(this);
    while (true) {
      if (h == CLOSED) {
        m.onDeadRecipient(this);
        return;
      }
      m.next = h;
      SystemMessage witness = (SystemMessage) SYS.compareAndExchange(this, h, m);
      if (witness == h) {
        handle.wake();
        return;
      }
      h = witness;
    }
  }

  private void processSystemMessages() {
    SystemMessage batch;
    while (status != STOPPED && (batch = (SystemMessage) SYS.getAndSet(this, null)) != null) {
      for (SystemMessage m = reverse(batch); m != null; ) {
        SystemMessage next = m.next;
        m.next = null;
        if (status == STOPPED) {
          m.onDeadRecipient(this);
        } else {
          m.handle(this);
        }
        m = next;
      }
    }
  }

  private static SystemMessage reverse(SystemMessage m) {
    SystemMessage prev = null;
    while (m != null) {
      SystemMessage next = m.next;
      m.next = prev;
      prev = m;
      m = next;
    }
    return prev;
  }

  // ================================================================= lifecycle

  /** Begins stopping (turn only): children first; finishes at once if there are none. */
  void beginStop(Throwable cause) {
    if (status != ACTIVE) {
      return;
    }
    List<ActorCell<?>> kids;
    synchronized (this) {
      status = STOPPING;
      kids = childrenLocked();
    }
    failure = cause;
    cancelTimersAndBackoff();
    if (kids.isEmpty()) {
      finishStop();
    } else {
      for (ActorCell<?> kid : kids) {
        kid.sendSystem(new SystemMessage.Stop());
      }
    }
  }

  private void finishStop() {
    Actor<M> a = actor;
    actor = null;
    if (a != null) {
      try {
        ActorAccess.get().postStop(a);
      } catch (Throwable e) {
        if (Failures.isFatal(e)) {
          Failures.onFatal(this, e);
        } else {
          enterMdc();
          log.error("postStop of {} threw", path(), e);
        }
      }
    }
    completeStop();
  }

  /**
   * The handle completed: normally after the final poll (STOPPED), otherwise the runtime ended the
   * task (shutdown) or a throwable escaped a poll. Then no turn will ever run again, so this thread
   * may act as the turn.
   */
  private void onTaskEnded(Throwable cause) {
    if (status == STOPPED) {
      return;
    }
    if (cause instanceof CancellationException) {
      // Its runtime shut down: one line per actor would flood the log of a big system.
      log.debug("{} was aborted by its runtime's shutdown; stopping it without postStop", path());
    } else {
      log.warn("{} ended without stopping ({}); stopping it without postStop, its mail goes to "
          + "dead letters", path(), String.valueOf(cause));
    }
    abandon(cause);
  }

  /** The stop path for a cell whose task is gone: no postStop (no turn can run it). */
  private void abandon(Throwable cause) {
    actor = null;
    if (failure == null && !(cause instanceof CancellationException)) {
      failure = cause;
    }
    List<ActorCell<?>> kids;
    synchronized (this) {
      status = STOPPING;
      kids = childrenLocked();
    }
    cancelTimersAndBackoff();
    for (ActorCell<?> kid : kids) {
      kid.sendSystem(new SystemMessage.Stop());
    }
    completeStop();
  }

  /** STOPPED: the system queue closed, watchers and parent told, the mail to dead letters. */
  private void completeStop() {
    status = STOPPED;
    SystemMessage rest = reverse((SystemMessage) SYS.getAndSet(this, CLOSED));
    for (SystemMessage m = rest; m != null; m = m.next) {
      m.onDeadRecipient(this);
    }
    CellExtras x = extras;
    if (x != null) {
      deadLetterAll(x.unstashed);
      deadLetterAll(x.stash);
      if (x.watchers != null) {
        for (ActorCell<?> w : x.watchers) {
          w.sendSystem(new SystemMessage.DeathNotice(this, failure));
        }
      }
      extras = null;
    }
    drainToDeadLetters();
    if (parent != null) {
      parent.sendSystem(new SystemMessage.ChildTerminated(this));
    } else {
      system.onGuardianStopped();
    }
  }

  private void deadLetterAll(ArrayDeque<Object> messages) {
    if (messages != null) {
      for (Object m : messages) {
        if (!(m instanceof ControlMessage)) {
          system.deadLetters.publish(m, this, "recipient stopped");
        }
      }
    }
  }

  /**
   * After STOPPED: the mailbox has no task left, so whoever holds the lock is its consumer. The
   * letters are published after the lock is released: a listener may run any code, including a
   * tell to this cell.
   */
  private void drainToDeadLetters() {
    ArrayList<Object> drained = null;
    synchronized (this) {
      Object m;
      while ((m = bounded == null ? poll() : bounded.poll()) != null) {
        if (!(m instanceof ControlMessage)) {
          if (drained == null) {
            drained = new ArrayList<>();
          }
          drained.add(m);
        }
      }
    }
    if (drained != null) {
      for (Object m : drained) {
        system.deadLetters.publish(m, this, "recipient stopped");
      }
    }
  }

  @Override
  boolean isActive() {
    return status == ACTIVE;
  }

  Throwable failure() {
    return failure;
  }

  Actor<M> actor() {
    return actor;
  }

  void suspend() {
    suspended = true;
  }

  CellExtras extrasOrNull() {
    return extras;
  }

  CellExtras extras() {
    CellExtras x = extras;
    if (x == null) {
      x = extras = new CellExtras();
    }
    return x;
  }

  void cancelTimersAndBackoff() {
    CellExtras x = extras;
    if (x != null) {
      if (x.timers != null) {
        x.timers.cancelAll();
      }
      if (x.backoff != null) {
        x.backoff.cancel();
        x.backoff = null;
        x.pendingRestart = null;
      }
    }
  }

  void onRestartDue(SystemMessage.RestartDue due) {
    CellExtras x = extras;
    if (x != null && x.pendingRestart == due) {
      x.pendingRestart = null;
      x.backoff = null;
      x.restartDue = true;
      maybeFinishRestart();
    }
  }

  /** Completes a restart once its backoff has passed and the old children have stopped. */
  void maybeFinishRestart() {
    CellExtras x = extras;
    if (!suspended || status != ACTIVE || x == null || !x.restartDue || hasChildren()) {
      return;
    }
    suspended = false;
    x.restartDue = false;
    Throwable cause = x.restartCause;
    x.restartCause = null;
    Stash.unstashAll(this); // stashed messages are not lost by a restart
    actor = null;
    create(cause);
  }

  void onChildTerminated(ActorCell<?> child) {
    synchronized (this) {
      unlink(child);
    }
    if (status == STOPPING && !hasChildren()) {
      finishStop();
    } else if (suspended) {
      maybeFinishRestart();
    }
  }

  void onEscalated(ActorCell<?> child, Throwable cause) {
    if (parent == null) {
      return; // the guardian: the child has logged and stopped
    }
    Supervisor.onFailure(this, cause);
  }

  // ================================================================= death watch

  @Override
  public void watch(ActorRef<?> ref) {
    DeathWatch.watch(this, ref);
  }

  @Override
  public void unwatch(ActorRef<?> ref) {
    DeathWatch.unwatch(this, ref);
  }

  @Override
  public void stop(ActorRef<?> ref) {
    if (ref == this) {
      sendSystem(new SystemMessage.Stop()); // after the current message
    } else if (ref instanceof ActorCell<?> c && c.parent == this) {
      c.sendSystem(new SystemMessage.Stop());
    } else {
      throw new IllegalArgumentException(ref + " is neither " + path() + " nor a child of it");
    }
  }

  // ================================================================= context

  @Override
  public ActorRef<M> self() {
    return this;
  }

  @Override
  public ActorSystem system() {
    return system;
  }

  @Override
  @SuppressWarnings("unchecked")
  public TimerScheduler<M> timers() {
    CellExtras x = extras();
    if (x.timers == null) {
      x.timers = new ActorTimers<>(this);
    }
    return (TimerScheduler<M>) x.timers;
  }

  @Override
  public void stash(M message) {
    Stash.stash(this, message);
  }

  @Override
  public void unstashAll() {
    Stash.unstashAll(this);
  }

  @Override
  public int stashSize() {
    CellExtras x = extras;
    return x == null || x.stash == null ? 0 : x.stash.size();
  }

  @Override
  public <T> void pipeToSelf(CompletionStage<T> stage,
      BiFunction<? super T, ? super Throwable, ? extends M> mapper) {
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(mapper, "mapper");
    stage.whenComplete((value, failure) -> tellControl(new Piped<>(value, failure, mapper)));
  }

  @Override
  public Logger log() {
    enterMdc();
    Logger l = actorLog;
    return l != null ? l : log;
  }

  /** The actor's constructor is running (turn): {@code log()} is named after its class. */
  void bindActorClass(Class<?> actorClass) {
    Logger l = actorLog;
    if (l == null || !l.getName().equals(actorClass.getName())) {
      actorLog = LoggerFactory.getLogger(actorClass);
    }
  }
}
