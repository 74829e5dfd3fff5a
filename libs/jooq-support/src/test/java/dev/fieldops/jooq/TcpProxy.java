package dev.fieldops.jooq;

import dev.fieldops.test.FreePorts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP forwarder in front of the real PostgreSQL, so a test can make the database vanish
 * ({@link #cut()}: every connection is closed and the port refuses new ones) and come back on the
 * same port ({@link #restore()}) without touching the shared server.
 */
final class TcpProxy implements AutoCloseable {

  private final InetSocketAddress upstream;
  private final int port;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private volatile ServerSocket listener;

  private TcpProxy(InetSocketAddress upstream, ServerSocket listener) {
    this.upstream = upstream;
    this.listener = listener;
    this.port = listener.getLocalPort();
    acceptOn(listener);
  }

  static TcpProxy to(String host, int port) {
    try {
      ServerSocket listener =
          new ServerSocket(FreePorts.one(), 50, InetAddress.getLoopbackAddress());
      return new TcpProxy(new InetSocketAddress(host, port), listener);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int port() {
    return port;
  }

  /** Closes every forwarded connection and stops listening: the database is "down". */
  synchronized void cut() {
    closeQuietly(listener);
    for (Socket socket : sockets) {
      closeQuietly(socket);
    }
    sockets.clear();
  }

  /** Listens on the same port again: the database is "back". */
  synchronized void restore() {
    try {
      ServerSocket again = new ServerSocket();
      again.setReuseAddress(true);
      again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      listener = again;
      acceptOn(again);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    cut();
  }

  private void acceptOn(ServerSocket server) {
    Thread.ofVirtual()
        .name("tcp-proxy-accept-" + port)
        .start(
            () -> {
              while (!server.isClosed()) {
                try {
                  Socket client = server.accept();
                  Socket backend = new Socket(upstream.getAddress(), upstream.getPort());
                  sockets.add(client);
                  sockets.add(backend);
                  pump(client, backend);
                  pump(backend, client);
                } catch (IOException closed) {
                  return;
                }
              }
            });
  }

  private void pump(Socket from, Socket to) {
    Thread.ofVirtual()
        .start(
            () -> {
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
              } catch (IOException closed) {
                // either side went away
              } finally {
                closeQuietly(from);
                closeQuietly(to);
                sockets.remove(from);
                sockets.remove(to);
              }
            });
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      if (closeable != null) {
        closeable.close();
      }
    } catch (Exception ignored) {
      // already closed
    }
  }
}
