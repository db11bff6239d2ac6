package ${package};

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.actor.ActorRef;
import dev.eddy.testkit.ActorTestKit;
import dev.eddy.testkit.TestProbe;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The notes actor on its own, with Eddy's test kit: a probe receives its replies. */
class NoteStoreTest {

  @RegisterExtension
  static final ActorTestKit testKit = ActorTestKit.create();

  @Test
  void repliesWithTheNoteItAddedAndThenWithEveryNote() {
    ActorRef<NoteStore.Command> store = testKit.spawn(NoteStore::new, "notes");
    TestProbe<NoteStore.Note> added = testKit.createTestProbe();
    TestProbe<List<NoteStore.Note>> all = testKit.createTestProbe();

    store.tell(new NoteStore.Add("first", added.ref()));
    store.tell(new NoteStore.Add("second", added.ref()));
    assertThat(added.receiveMessage()).isEqualTo(new NoteStore.Note(1, "first"));
    assertThat(added.receiveMessage()).isEqualTo(new NoteStore.Note(2, "second"));

    store.tell(new NoteStore.All(all.ref()));
    assertThat(all.receiveMessage()).extracting(NoteStore.Note::text)
        .containsExactly("first", "second");
  }
}
