package dev.fieldops.jooq.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The build tools run where SLF4J has no binding (a service's compile classpath inside Maven): they
 * must not print SLF4J's "no providers" warning into every build.
 */
class QuietLoggingIT {

  /** Started in a JVM of its own: "quiet" applies {@link QuietLogging} first, then logs. */
  public static final class Probe {
    public static void main(String[] args) {
      if (args.length > 0 && args[0].equals("quiet")) {
        QuietLogging.discardLibraryLogs();
      }
      LoggerFactory.getLogger("org.flywaydb.core.Flyway").warn("a library speaks");
    }
  }

  /** This JVM's classpath without a logging binding, like the tools' classpath in the build. */
  private static String classpathWithoutBinding() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> !Path.of(entry).getFileName().toString().startsWith("logback-"))
        .filter(entry -> !Path.of(entry).getFileName().toString().startsWith("logstash-"))
        .collect(Collectors.joining(File.pathSeparator));
  }

  private static String stderrOf(String... args) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command =
        new java.util.ArrayList<>(
            List.of(java, "-cp", classpathWithoutBinding(), Probe.class.getName()));
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    String stderr = new String(process.getErrorStream().readAllBytes());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return stderr;
  }

  @Test
  void without_a_binding_slf4j_warns_unless_the_tool_names_the_no_operation_provider()
      throws Exception {
    assertThat(stderrOf()).as("the situation this guards against").contains("No SLF4J providers");
    assertThat(stderrOf("quiet")).isEmpty();
  }
}
