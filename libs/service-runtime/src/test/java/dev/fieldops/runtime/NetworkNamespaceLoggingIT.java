package dev.fieldops.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fieldops.cli.HealthProbe;
import dev.fieldops.test.FreePorts;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Inside a network namespace (a container, a CI sandbox) there is no hardware address, and Netty
 * warns about it on the first connection of every process: the tools' and the services' logging
 * keep that out of the user's way.
 */
class NetworkNamespaceLoggingIT {

  private static boolean namespacesWork() {
    try {
      Process process = new ProcessBuilder("unshare", "-n", "true").start();
      return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Everything a gRPC client prints when it connects once from a fresh network namespace. */
  private static String outputInANamespace(String logbackConfiguration) throws Exception {
    int closedPort = FreePorts.one();
    String java = ProcessHandle.current().info().command().orElse("java");
    String command =
        "ip link set lo up && exec '"
            + java
            + "' --enable-native-access=ALL-UNNAMED"
            + " -Dlogback.configurationFile="
            + logbackConfiguration
            + " -cp '"
            + System.getProperty("java.class.path")
            + "' "
            + HealthProbe.class.getName()
            + " --wait 1s 127.0.0.1:"
            + closedPort;
    Process process =
        new ProcessBuilder(List.of("unshare", "-n", "sh", "-c", command))
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return output;
  }

  @Test
  void neither_the_tools_nor_the_services_warn_about_a_missing_hardware_address() throws Exception {
    assumeTrue(namespacesWork(), "cannot create a network namespace here (unshare -n)");

    assertThat(outputInANamespace("logback-test.xml"))
        .as("what a process without the setting prints there")
        .contains("MacAddressUtil");
    assertThat(outputInANamespace("dev/fieldops/commandline/logback-cli.xml"))
        .contains("not serving")
        .doesNotContain("MacAddressUtil");
    assertThat(outputInANamespace("logback.xml")).doesNotContain("MacAddressUtil");
  }
}
