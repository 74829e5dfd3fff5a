package dev.fieldops.grpc.client;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The JVM's host-name resolver in this module's tests (java.net.spi, registered in
 * META-INF/services): names registered here resolve to their addresses, as a Kubernetes headless
 * Service's name resolves to every ready pod; every other name goes to the system's resolver.
 */
public final class TestHostNames extends InetAddressResolverProvider {

  private static final Map<String, List<InetAddress>> NAMES = new ConcurrentHashMap<>();

  /** Makes {@code name} resolve to {@code addresses}, in that order. */
  static void register(String name, List<InetAddress> addresses) {
    NAMES.put(name, List.copyOf(addresses));
  }

  static void unregister(String name) {
    NAMES.remove(name);
  }

  @Override
  public InetAddressResolver get(Configuration configuration) {
    InetAddressResolver system = configuration.builtinResolver();
    return new InetAddressResolver() {
      @Override
      public Stream<InetAddress> lookupByName(String host, LookupPolicy policy)
          throws UnknownHostException {
        List<InetAddress> registered = NAMES.get(host);
        return registered != null ? registered.stream() : system.lookupByName(host, policy);
      }

      @Override
      public String lookupByAddress(byte[] address) throws UnknownHostException {
        return system.lookupByAddress(address);
      }
    };
  }

  @Override
  public String name() {
    return "fieldops test host names";
  }
}
