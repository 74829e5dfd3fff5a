package dev.fieldops.test.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class MachineTest {

  @Test
  void the_median_is_the_middle_value_or_the_mean_of_the_middle_two() {
    assertThat(Machine.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
    assertThat(Machine.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
    assertThat(Machine.median(new double[] {7.0})).isEqualTo(7.0);
    assertThat(Machine.median(List.of())).isNaN();
  }

  @Test
  void the_machine_line_names_cores_jdk_collector_heap_and_load() {
    assertThat(Machine.describe())
        .startsWith(Runtime.getRuntime().availableProcessors() + " cores, JDK ")
        .contains(", " + Machine.collector() + " collector")
        .contains(" heap at most ")
        .contains("load average at start ");
  }

  @Test
  void the_collector_is_the_one_whose_beans_the_jvm_has() {
    List<String> beans =
        ManagementFactory.getGarbageCollectorMXBeans().stream()
            .map(GarbageCollectorMXBean::getName)
            .toList();
    String expected =
        beans.contains("Copy")
            ? "serial"
            : beans.contains("PS Scavenge")
                ? "parallel"
                : beans.stream().anyMatch(name -> name.startsWith("G1 "))
                    ? "G1"
                    : beans.stream().anyMatch(name -> name.startsWith("ZGC"))
                        ? "Z"
                        : beans.stream().anyMatch(name -> name.startsWith("Shenandoah"))
                            ? "Shenandoah"
                            : "unknown";
    assertThat(Machine.collector()).isEqualTo(expected).isNotEqualTo("unknown");
  }

  @Test
  void the_jvm_line_says_when_the_collector_is_not_the_services_own() {
    if (Machine.collector().equals("serial")) {
      assertThat(Machine.jvm()).startsWith("serial collector, heap at most ");
    } else {
      assertThat(Machine.jvm())
          .contains("not the services' flags: MAVEN_OPTS=@deploy/jvm/service.flags");
    }
  }
}
