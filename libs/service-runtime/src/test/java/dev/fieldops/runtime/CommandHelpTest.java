package dev.fieldops.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldops.commandline.CommandLines;
import dev.fieldops.test.HelpTexts;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The operator commands every service carries render their {@code --help} as written. */
class CommandHelpTest {

  private static final ServiceDescriptor SUPPORT = TestDescriptors.SUPPORT;

  @Test
  void the_dead_letter_and_stream_commands_render_their_help_without_a_warning() {
    StringWriter ignored = new StringWriter();
    var out = new PrintWriter(ignored, true);
    HelpTexts.Rendered rendered =
        HelpTexts.render(
            CommandLines.create(
                new DeadLetterCommand(SUPPORT, List.of("support-alerts"), Map.of()), out, out),
            CommandLines.create(new StreamCommand(SUPPORT, Map.of()), out, out));

    assertThat(rendered.commands())
        .containsExactly(
            "fieldops dead-letters",
            "list",
            "retry",
            "fieldops stream",
            "create",
            "update",
            "verify");
    assertThat(rendered.problems()).isEmpty();
  }
}
