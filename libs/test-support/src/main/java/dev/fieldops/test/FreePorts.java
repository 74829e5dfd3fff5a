package dev.fieldops.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Loopback ports for the processes and listeners a test starts, taken <em>below</em> the kernel's
 * ephemeral range.
 *
 * <p>A port from {@code new ServerSocket(0)} is an ephemeral one: once the probe socket closes, the
 * kernel may hand it to any outgoing connection on the machine as its local port, in the moment
 * before the child process (a PostgreSQL, a nats-server, a service) binds it, or while a test's
 * proxy has it "cut" and is about to listen again. With three test runs connecting side by side
 * that happened in CI ({@code BindException: Address already in use}). Outgoing connections never
 * take a port below {@code net.ipv4.ip_local_port_range}, so a port chosen there, free when
 * checked, stays free until the test binds it unless another test takes the same one; this class
 * never hands out the same port twice in one JVM, and picks at random so that separate test JVMs
 * rarely meet.
 *
 * <p>Single ports come from 10000–19999, blocks ({@link #block}) from 20000 up to the ephemeral
 * range, so a run's block and another run's single ports do not overlap.
 */
public final class FreePorts {

  private static final int FIRST_SINGLE = 10_000;
  private static final int FIRST_BLOCK_PORT = 20_000;
  private static final Set<Integer> HANDED_OUT = new HashSet<>();

  private FreePorts() {}

  /** A loopback port nothing listens on now, below the ephemeral range, new to this JVM. */
  public static int one() {
    return oneBetween(FIRST_SINGLE, FIRST_BLOCK_PORT);
  }

  /**
   * A free port new to this JVM in {@code [from, to)}: every port of the range is tried once, from
   * a random one on, so separate JVMs rarely start at the same place.
   */
  static synchronized int oneBetween(int from, int to) {
    int size = to - from;
    int start = ThreadLocalRandom.current().nextInt(size);
    for (int i = 0; i < size; i++) {
      int port = from + (start + i) % size;
      if (!HANDED_OUT.contains(port) && bindable(port)) {
        HANDED_OUT.add(port);
        return port;
      }
    }
    throw new UncheckedIOException(
        new IOException("no free port in " + from + "-" + (to - 1) + " on 127.0.0.1"));
  }

  /**
   * The first port of {@code size} consecutive ports that are all free now, below the ephemeral
   * range, and new to this JVM; blocks start at multiples of {@code size} from 20000.
   */
  public static synchronized int block(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("a block holds at least one port: " + size);
    }
    int blocks = (firstEphemeralPort() - FIRST_BLOCK_PORT) / size;
    if (blocks < 1) {
      throw new IllegalStateException(
          "no room for " + size + " ports between 20000 and the ephemeral range");
    }
    int start = ThreadLocalRandom.current().nextInt(blocks);
    for (int i = 0; i < blocks; i++) {
      int base = FIRST_BLOCK_PORT + size * ((start + i) % blocks);
      if (allFree(base, size)) {
        for (int port = base; port < base + size; port++) {
          HANDED_OUT.add(port);
        }
        return base;
      }
    }
    throw new UncheckedIOException(
        new IOException("no free block of " + size + " ports found below the ephemeral range"));
  }

  /** The first port of {@code net.ipv4.ip_local_port_range} (Linux's default: 32768). */
  public static int firstEphemeralPort() {
    try {
      // Read by line: Files.readString of this zero-sized proc file returned "3" on JDK 25.
      String range =
          Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).getFirst().trim();
      return Integer.parseInt(range.split("\\s+")[0]);
    } catch (IOException | RuntimeException unreadable) {
      return 32_768;
    }
  }

  private static boolean allFree(int base, int size) {
    for (int port = base; port < base + size; port++) {
      if (HANDED_OUT.contains(port) || !bindable(port)) {
        return false;
      }
    }
    return true;
  }

  private static boolean bindable(int port) {
    try (var socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
      return true;
    } catch (IOException taken) {
      return false;
    }
  }
}
