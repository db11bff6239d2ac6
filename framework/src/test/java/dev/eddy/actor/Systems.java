package dev.eddy.actor;

import com.typesafe.config.ConfigFactory;
import dev.eddy.config.EddyConfig;
import dev.eddy.runtime.Runtime;
import dev.eddy.time.TestClock;

/** Systems for the actor tests: 2 workers, like the machine they run on. */
final class Systems {

  private Systems() {}

  /** A system owning a 2-worker runtime. */
  static ActorSystem create(String name) {
    return ActorSystem.create(name,
        EddyConfig.load(ConfigFactory.parseString("eddy.runtime.workers = 2")));
  }

  /** A system on a 2-worker runtime whose time moves only when {@code clock} is advanced. */
  static ActorSystem manual(String name, TestClock clock) {
    Runtime runtime = Runtime.builder().workers(2).clock(clock).build();
    ActorSystem system = ActorSystem.create(name, runtime);
    system.whenTerminated().thenRun(() -> new Thread(runtime::close).start());
    return system;
  }
}
