package dev.fieldops.grpc.client;

import io.grpc.Attributes;
import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import io.grpc.Status;
import io.grpc.StatusOr;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;

/**
 * A fixed list of {@code host:port} addresses of one service's replicas, as one gRPC target: the
 * client side of a Kubernetes headless Service. The channel keeps a connection to each and, with
 * {@code round_robin}, spreads its calls over those that are up; a replica that goes away is
 * skipped until it answers again.
 *
 * <p>Each address keeps its own host name for TLS ({@link
 * EquivalentAddressGroup#ATTR_AUTHORITY_OVERRIDE}), so every replica's certificate is verified
 * against the name the client was given for it, and a client certificate (mutual TLS) reaches the
 * replica itself: nothing in between terminates TLS. Host names are looked up again whenever the
 * channel asks (after a connection fails).
 */
final class AddressList {

  /** The target scheme: {@code fieldops-addresses:///host1:port1,host2:port2}. */
  static final String SCHEME = "fieldops-addresses";

  private static final Pattern HOST_PORT =
      Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.\\-]+):([0-9]{1,5})");

  private AddressList() {}

  /** Whether {@code target} names several addresses (comma-separated). */
  static boolean isList(String target) {
    return target.indexOf(',') >= 0;
  }

  /**
   * The addresses of a comma-separated list of {@code host:port} (IPv6 in brackets), in order.
   *
   * @throws IllegalArgumentException naming the entry that is not {@code host:port}
   */
  static List<String> parse(String list) {
    List<String> addresses = new ArrayList<>();
    for (String entry : list.split(",", -1)) {
      String address = entry.trim();
      var matcher = HOST_PORT.matcher(address);
      if (!matcher.matches() || Integer.parseInt(matcher.group(2)) > 65535) {
        throw new IllegalArgumentException(
            "'"
                + address
                + "' is not host:port (a list is comma-separated: host1:port1,host2:port2)");
      }
      addresses.add(address);
    }
    return List.copyOf(addresses);
  }

  /** The gRPC target that resolves to {@code addresses}, for a channel builder. */
  static String target(List<String> addresses) {
    return SCHEME + ":///" + String.join(",", addresses);
  }

  /** Resolves {@link #SCHEME} targets; registered once in gRPC's default registry. */
  static final class Provider extends NameResolverProvider {

    @Override
    protected boolean isAvailable() {
      return true;
    }

    @Override
    protected int priority() {
      return 5;
    }

    @Override
    public String getDefaultScheme() {
      return SCHEME;
    }

    @Override
    public NameResolver newNameResolver(URI targetUri, NameResolver.Args args) {
      if (!SCHEME.equals(targetUri.getScheme())) {
        return null;
      }
      String path = targetUri.getPath();
      return new Resolver(parse(path.startsWith("/") ? path.substring(1) : path), args);
    }

    @Override
    public Collection<Class<? extends SocketAddress>> getProducedSocketAddressTypes() {
      return Set.of(InetSocketAddress.class);
    }
  }

  private static final class Resolver extends NameResolver {

    private final List<String> addresses;
    private final Executor lookups;
    private final NameResolver.Args args;
    private Listener2 listener;
    private boolean resolving;

    Resolver(List<String> addresses, NameResolver.Args args) {
      this.addresses = addresses;
      this.args = args;
      Executor offload = args.getOffloadExecutor();
      this.lookups = offload != null ? offload : Runnable::run;
    }

    @Override
    public String getServiceAuthority() {
      return addresses.getFirst();
    }

    @Override
    public void start(Listener2 listener) {
      this.listener = listener;
      resolve();
    }

    @Override
    public void refresh() {
      resolve();
    }

    /** Looks the host names up off gRPC's synchronization context, then hands the result in. */
    private void resolve() {
      if (resolving || listener == null) {
        return;
      }
      resolving = true;
      lookups.execute(
          () -> {
            var result = lookUp();
            args.getSynchronizationContext()
                .execute(
                    () -> {
                      resolving = false;
                      if (listener == null) {
                        return; // shut down meanwhile
                      }
                      listener.onResult2(
                          ResolutionResult.newBuilder()
                              .setAddressesOrError(result)
                              .setAttributes(Attributes.EMPTY)
                              .build());
                    });
          });
    }

    private StatusOr<List<EquivalentAddressGroup>> lookUp() {
      List<EquivalentAddressGroup> groups = new ArrayList<>();
      List<String> unknown = new ArrayList<>();
      for (String address : addresses) {
        int colon = address.lastIndexOf(':');
        String host = address.substring(0, colon).replace("[", "").replace("]", "");
        int port = Integer.parseInt(address.substring(colon + 1));
        var socket = new InetSocketAddress(host, port);
        if (socket.isUnresolved()) {
          unknown.add(address);
          continue;
        }
        groups.add(
            new EquivalentAddressGroup(
                socket,
                Attributes.newBuilder()
                    .set(EquivalentAddressGroup.ATTR_AUTHORITY_OVERRIDE, address)
                    .build()));
      }
      if (groups.isEmpty()) {
        return StatusOr.fromStatus(
            Status.UNAVAILABLE.withDescription("cannot resolve any of " + unknown));
      }
      return StatusOr.fromValue(groups);
    }

    @Override
    public void shutdown() {
      listener = null;
    }
  }
}
