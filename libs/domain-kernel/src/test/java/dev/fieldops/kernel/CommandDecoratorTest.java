package dev.fieldops.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandDecoratorTest {

  /** Records when it is entered and left, so that the nesting of decorators can be read back. */
  private record Tracing(String name, List<String> trace) implements CommandDecorator {
    @Override
    public <C, R> CommandHandler<C, R> decorate(CommandHandler<C, R> handler) {
      return command -> {
        trace.add("enter " + name);
        try {
          return handler.handle(command);
        } finally {
          trace.add("leave " + name);
        }
      };
    }
  }

  @Test
  void the_first_decorator_is_outermost() {
    List<String> trace = new ArrayList<>();
    CommandHandler<String, Integer> length =
        command -> {
          trace.add("handle " + command);
          return command.length();
        };

    var decorated =
        CommandDecorator.apply(
            length, List.of(new Tracing("transaction", trace), new Tracing("metrics", trace)));

    assertThat(decorated.handle("ticket")).isEqualTo(6);
    assertThat(trace)
        .containsExactly(
            "enter transaction",
            "enter metrics",
            "handle ticket",
            "leave metrics",
            "leave transaction");
  }

  @Test
  void a_chain_decorates_like_its_decorators_in_turn() {
    List<String> trace = new ArrayList<>();
    var chain = CommandDecorator.chain(List.of(new Tracing("a", trace), new Tracing("b", trace)));

    assertThat(chain.decorate((String command) -> command + "!").handle("done")).isEqualTo("done!");
    assertThat(trace).containsExactly("enter a", "enter b", "leave b", "leave a");
  }

  @Test
  void no_decorators_leave_the_handler_as_it_is() {
    CommandHandler<String, String> same = command -> command;

    assertThat(CommandDecorator.apply(same, List.of())).isSameAs(same);
  }
}
