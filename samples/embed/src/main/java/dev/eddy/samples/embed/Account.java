package dev.eddy.samples.embed;

import dev.eddy.actor.Actor;
import dev.eddy.actor.ActorRef;
import java.util.Map;

/**
 * One bank account. Its balance lives in the actor (no locks: one message at a time) and is
 * written through to the bank's ledger, so that an instance that replaces a crashed one
 * (supervision: restart) picks up where the last one left off.
 */
final class Account extends Actor<Account.Command> {

  sealed interface Command permits Deposit, Withdraw, GetBalance, Crash {}

  /** Adds {@code amount}; replies with the new balance. */
  record Deposit(long amount, ActorRef<Result> replyTo) implements Command {}

  /** Takes {@code amount} out if the balance covers it. */
  record Withdraw(long amount, ActorRef<Result> replyTo) implements Command {}

  record GetBalance(ActorRef<Long> replyTo) implements Command {}

  /** Simulates a bug: the actor throws, and its supervisor restarts it. */
  record Crash() implements Command {}

  /** The outcome of a deposit or withdrawal. */
  sealed interface Result permits Ok, Rejected {}

  record Ok(long balance) implements Result {}

  record Rejected(String reason, long balance) implements Result {}

  private final String owner;
  private final Map<String, Long> ledger;
  private long balance;

  Account(String owner, Map<String, Long> ledger) {
    this.owner = owner;
    this.ledger = ledger;
    this.balance = ledger.getOrDefault(owner, 0L); // a restarted instance recovers here
  }

  @Override
  protected void receive(Command command) {
    if (command instanceof Deposit d) {
      update(balance + d.amount());
      d.replyTo().tell(new Ok(balance));
    } else if (command instanceof Withdraw w) {
      if (w.amount() > balance) {
        w.replyTo().tell(new Rejected("insufficient funds", balance));
      } else {
        update(balance - w.amount());
        w.replyTo().tell(new Ok(balance));
      }
    } else if (command instanceof GetBalance g) {
      g.replyTo().tell(balance);
    } else if (command instanceof Crash) {
      throw new IllegalStateException("simulated bug in the account of " + owner);
    }
  }

  private void update(long newBalance) {
    balance = newBalance;
    ledger.put(owner, newBalance);
  }
}
