package dev.eddy.samples.embed;

import dev.eddy.actor.Actor;
import dev.eddy.actor.ActorRef;
import dev.eddy.actor.Props;
import dev.eddy.actor.Signal;
import dev.eddy.actor.Supervision;
import dev.eddy.actor.Terminated;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The supervisor: opens accounts as its children (one actor per account, named after its owner),
 * restarts a crashed account (at most 3 times a minute, waiting 10 ms, then 20 ms, ...), and
 * watches each one so that it learns when an account stops for good.
 */
final class Bank extends Actor<Bank.Command> {

  sealed interface Command permits Open, Close {}

  /** Opens (or finds) the account of {@code owner}; replies with its ref. */
  record Open(String owner, ActorRef<ActorRef<Account.Command>> replyTo) implements Command {}

  /** Closes the account of {@code owner}. */
  record Close(String owner) implements Command {}

  private static final Props ACCOUNT_PROPS = Props.defaults().withSupervision(
      Supervision.restart().withLimit(3, Duration.ofMinutes(1))
          .withBackoff(Duration.ofMillis(10), Duration.ofSeconds(1)));

  /** Survives account restarts; a real bank would use a database. */
  private final Map<String, Long> ledger = new ConcurrentHashMap<>();

  @Override
  @SuppressWarnings("unchecked")
  protected void receive(Command command) {
    if (command instanceof Open open) {
      Optional<ActorRef<?>> existing = context().child(open.owner());
      ActorRef<Account.Command> account = existing.isPresent()
          ? (ActorRef<Account.Command>) existing.get()
          : context().spawn(() -> new Account(open.owner(), ledger), open.owner(), ACCOUNT_PROPS);
      context().watch(account);
      open.replyTo().tell(account);
    } else if (command instanceof Close close) {
      context().child(close.owner()).ifPresent(context()::stop);
    }
  }

  @Override
  protected void onSignal(Signal signal) {
    if (signal instanceof Terminated t) {
      context().log().info("account {} closed{}", t.ref().path().name(),
          t.failed() ? " after a failure: " + t.failure() : "");
    }
  }
}
