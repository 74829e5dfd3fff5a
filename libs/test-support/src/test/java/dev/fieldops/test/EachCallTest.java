package dev.fieldops.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.kernel.CommandDecorator;
import dev.fieldops.kernel.CommandHandler;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EachCallTest {

  interface Notes {
    String add(String note);

    void fail(String why);
  }

  private final List<String> trace = new ArrayList<>();

  private final CommandDecorator tracing =
      new CommandDecorator() {
        @Override
        public <C, R> CommandHandler<C, R> decorate(CommandHandler<C, R> handler) {
          return command -> {
            trace.add("begin");
            try {
              return handler.handle(command);
            } finally {
              trace.add("end");
            }
          };
        }
      };

  private final Notes notes =
      new Notes() {
        @Override
        public String add(String note) {
          trace.add("add " + note);
          return "added " + note;
        }

        @Override
        public void fail(String why) {
          throw new IllegalStateException(why);
        }
      };

  @Test
  void every_call_runs_inside_the_decorators() {
    var decorated = EachCall.decorated(Notes.class, notes, tracing);

    assertThat(decorated.add("a")).isEqualTo("added a");
    assertThat(trace).containsExactly("begin", "add a", "end");
  }

  @Test
  void a_failure_reaches_the_caller_as_thrown() {
    var decorated = EachCall.decorated(Notes.class, notes, tracing);

    assertThatThrownBy(() -> decorated.fail("boom"))
        .isExactlyInstanceOf(IllegalStateException.class)
        .hasMessage("boom");
    assertThat(trace).containsExactly("begin", "end");
  }

  @Test
  void calls_left_out_pass_through_undecorated() {
    var decorated =
        EachCall.decorated(Notes.class, notes, tracing, method -> !method.getName().equals("add"));

    assertThat(decorated.add("b")).isEqualTo("added b");
    assertThat(trace).containsExactly("add b");
  }
}
