package dev.fieldops.support.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldops.commandline.CommandLines;
import dev.fieldops.test.HelpTexts;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class RebuildProjectionHelpTest {

  @Test
  void rebuild_projection_renders_its_help_without_a_warning() {
    var out = new PrintWriter(new StringWriter(), true);
    HelpTexts.Rendered rendered =
        HelpTexts.render(CommandLines.create(new RebuildProjection(), out, out));

    assertThat(rendered.commands()).containsExactly("fieldops rebuild-projection support");
    assertThat(rendered.problems()).isEmpty();
  }
}
