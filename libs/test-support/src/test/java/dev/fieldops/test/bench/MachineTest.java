package dev.fieldops.test.bench;

import static org.assertj.core.api.Assertions.assertThat;

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
  void the_machine_line_names_cores_jdk_and_load() {
    assertThat(Machine.describe())
        .startsWith(Runtime.getRuntime().availableProcessors() + " cores, JDK ")
        .contains("load average at start ");
  }
}
