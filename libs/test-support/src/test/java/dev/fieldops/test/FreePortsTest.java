package dev.fieldops.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortsTest {

  @Test
  void single_ports_are_below_the_ephemeral_range_bindable_and_never_handed_out_twice()
      throws IOException {
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 2_000; i++) {
      int port = FreePorts.one();
      assertThat(port).isBetween(10_000, 19_999);
      assertThat(seen.add(port)).as("port %d handed out twice", port).isTrue();
    }
    int port = FreePorts.one();
    try (var socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      assertThat(socket.getLocalPort()).isEqualTo(port);
    }
  }

  @Test
  void a_block_is_consecutive_free_ports_that_end_below_the_ephemeral_range() throws IOException {
    int base = FreePorts.block(300);
    assertThat(base).isGreaterThanOrEqualTo(20_000);
    assertThat(base + 300).isLessThanOrEqualTo(FreePorts.firstEphemeralPort());
    assertThat(FreePorts.firstEphemeralPort()).isGreaterThan(20_000);
    for (int port = base; port < base + 300; port += 37) {
      try (var socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        assertThat(socket.getLocalPort()).isEqualTo(port);
      }
    }
    int other = FreePorts.block(300);
    assertThat(other).isNotEqualTo(base);
  }

  @Test
  void a_port_someone_listens_on_is_not_handed_out() throws IOException {
    // Listen on every port of a small range but one: that one is what is handed out. The range is
    // below both of FreePorts' own, so a cluster test running beside this one never takes from it.
    int from = 9_900;
    List<ServerSocket> held = new ArrayList<>();
    try {
      for (int port = from; port < from + 20; port++) {
        try {
          held.add(new ServerSocket(port, 1, InetAddress.getLoopbackAddress()));
        } catch (IOException taken) {
          // someone else's already
        }
      }
      ServerSocket released = held.remove(held.size() / 2);
      int left = released.getLocalPort();
      released.close();
      assertThat(FreePorts.oneBetween(from, from + 20)).isEqualTo(left);
      // Now every port there is taken: listened on, or handed out already.
      assertThatThrownBy(() -> FreePorts.oneBetween(from, from + 20))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("no free port in " + from);
    } finally {
      for (ServerSocket socket : held) {
        socket.close();
      }
    }
  }
}
