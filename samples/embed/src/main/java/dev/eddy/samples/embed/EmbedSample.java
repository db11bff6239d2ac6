package dev.eddy.samples.embed;

import dev.eddy.actor.ActorRef;
import dev.eddy.actor.ActorSystem;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * A plain Java program that embeds an {@link ActorSystem}: no framework owns {@code main}. It
 * opens two bank accounts under a supervising {@link Bank}, moves money with asks from the main
 * thread, crashes an account to show the supervisor restarting it (balance intact, later
 * messages kept), and closes the system, which stops every actor before {@code main} returns.
 */
public final class EmbedSample {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private EmbedSample() {}

  public static void main(String[] args) {
    try (ActorSystem system = ActorSystem.create("bank")) {
      run(system, System.out);
    }
    System.out.println("Actor system closed: every actor stopped, runtime shut down.");
  }

  /** The whole walk-through on {@code system}, printing each step to {@code out}. */
  static void run(ActorSystem system, PrintStream out) {
    ActorRef<Bank.Command> bank = system.spawn(Bank::new, "bank");
    out.println("Started " + bank.path());

    ActorRef<Account.Command> alice = await(bank.ask(r -> new Bank.Open("alice", r), TIMEOUT));
    ActorRef<Account.Command> bob = await(bank.ask(r -> new Bank.Open("bob", r), TIMEOUT));
    out.println("Opened " + alice.path() + " and " + bob.path());

    out.println("alice deposits 100: " + await(alice.<Account.Result>ask(
        r -> new Account.Deposit(100, r), TIMEOUT)));
    out.println("alice withdraws 30: " + await(alice.<Account.Result>ask(
        r -> new Account.Withdraw(30, r), TIMEOUT)));
    out.println("alice withdraws 500: " + await(alice.<Account.Result>ask(
        r -> new Account.Withdraw(500, r), TIMEOUT)));

    // A transfer, composed without blocking; only the final result is awaited.
    Account.Result transfer = await(alice.<Account.Result>ask(
            r -> new Account.Withdraw(50, r), TIMEOUT)
        .thenCompose(taken -> taken instanceof Account.Ok
            ? bob.<Account.Result>ask(r -> new Account.Deposit(50, r), TIMEOUT)
            : java.util.concurrent.CompletableFuture.completedFuture(taken)));
    out.println("transfer 50 from alice to bob, bob now: " + transfer);

    // Crash alice: the bank's supervision restarts her account after a 10 ms backoff. The
    // deposit sent right behind the crash waits in the mailbox and is not lost.
    alice.tell(new Account.Crash());
    out.println("alice crashed; deposit 5 sent right behind the crash: " + await(alice.<
        Account.Result>ask(r -> new Account.Deposit(5, r), TIMEOUT)));
    out.println("balances: alice " + await(alice.<Long>ask(Account.GetBalance::new, TIMEOUT))
        + ", bob " + await(bob.<Long>ask(Account.GetBalance::new, TIMEOUT)));

    bank.tell(new Bank.Close("bob"));
    out.println("Closing the system; dead letters so far: " + system.deadLetters().count());
  }

  private static <T> T await(CompletionStage<T> stage) {
    return stage.toCompletableFuture().join(); // main is not a worker: it may block
  }
}
