package dev.fieldops.test;

import io.nats.NatsServerRunner;
import io.nats.client.NKey;
import io.nats.client.support.JsonSerializable;
import io.nats.client.support.JwtUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Stream;

/**
 * A private nats-server in operator (decentralised JWT) mode, as {@code nsc} sets one up: an
 * operator, its system account and one application account with JetStream, all with fresh NKeys;
 * the server trusts the operator's JWT and knows both accounts from a memory resolver. {@link
 * #credsFile} issues {@code .creds} files (user JWT + seed) of users of that account with the
 * subject permissions a test gives them; {@link #credsFileOfAnotherAccount} those of an account the
 * server does not know.
 *
 * <p>The JWTs follow the NATS JWT v2 claims, signed with the issuer's NKey by jnats' {@link
 * JwtUtils}: the operator signs itself and the accounts, an account signs its users.
 */
public final class OperatorModeNats implements AutoCloseable {

  private final Path dir;
  private final int port;
  private final NKey account;
  private final NatsServerRunner runner;

  private OperatorModeNats(Path dir, int port, NKey account, NatsServerRunner runner) {
    this.dir = dir;
    this.port = port;
    this.account = account;
    this.runner = runner;
  }

  /** Starts a server on a free port with a fresh operator, accounts and JetStream directory. */
  public static OperatorModeNats start() {
    try {
      Path dir = Files.createTempDirectory("fieldops-operator-nats-");
      NKey operator = NKey.createOperator(null);
      NKey system = NKey.createAccount(null);
      NKey account = NKey.createAccount(null);
      String operatorClaims =
          "{\"system_account\":\"" + publicKey(system) + "\",\"type\":\"operator\",\"version\":2}";
      String operatorJwt =
          issue(operator, publicKey(operator), "fieldops-test", () -> operatorClaims);
      String systemJwt = issue(operator, publicKey(system), "SYS", accountClaims(false));
      String accountJwt = issue(operator, publicKey(account), "FIELDOPS", accountClaims(true));
      Path operatorFile = dir.resolve("operator.jwt");
      Files.writeString(operatorFile, operatorJwt);

      int port = FreePorts.one();
      NatsServerRunner runner =
          NatsServerRunner.builder()
              .port(port)
              .jetstream()
              .executablePath(TestNats.executable())
              .customArgs(List.of("-a", "127.0.0.1", "-sd", dir.resolve("store").toString()))
              .configInserts(
                  List.of(
                      "operator: \"" + operatorFile + "\"",
                      "system_account: " + publicKey(system),
                      "resolver: MEMORY",
                      "resolver_preload: {",
                      "  " + publicKey(system) + ": \"" + systemJwt + "\"",
                      "  " + publicKey(account) + ": \"" + accountJwt + "\"",
                      "}"))
              .outputLevel(Level.WARNING)
              .skipConnectValidate()
              .build();
      TestNats.awaitAnswer(runner, port);
      return new OperatorModeNats(dir, port, account, runner);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot create or sign with NKeys", e);
    }
  }

  /** Account limits: no limit, and JetStream (unlimited storage) only where {@code jetStream}. */
  private static JsonSerializable accountClaims(boolean jetStream) {
    String storage = jetStream ? "-1" : "0";
    return () ->
        "{\"limits\":{\"subs\":-1,\"data\":-1,\"payload\":-1,\"imports\":-1,\"exports\":-1,"
            + "\"wildcards\":true,\"conn\":-1,\"leaf\":-1,\"mem_storage\":"
            + storage
            + ",\"disk_storage\":"
            + storage
            + ",\"streams\":-1,\"consumer\":-1},"
            + "\"default_permissions\":{\"pub\":{},\"sub\":{}},\"type\":\"account\",\"version\":2}";
  }

  private static String issue(NKey issuer, String subject, String name, JsonSerializable natsClaims)
      throws GeneralSecurityException, IOException {
    return JwtUtils.issueJWT(
        issuer, subject, name, null, JwtUtils.currentTimeSeconds(), publicKey(issuer), natsClaims);
  }

  private static String publicKey(NKey key) {
    try {
      return new String(key.getPublicKey());
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot read an NKey's public key", e);
    }
  }

  /**
   * Writes (mode 0600) the {@code .creds} file of a new user {@code name} of the server's account
   * that may publish only to {@code mayPublish} and subscribe only to {@code maySubscribe}.
   */
  public Path credsFile(String name, List<String> mayPublish, List<String> maySubscribe) {
    return writeCreds(account, name, mayPublish, maySubscribe);
  }

  /**
   * The {@code .creds} file of a user signed by a fresh account key that the server does not know
   * (it may publish and subscribe to everything, were it let in).
   */
  public Path credsFileOfAnotherAccount(String name) {
    try {
      return writeCreds(NKey.createAccount(null), name, List.of(">"), List.of(">"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot create an NKey", e);
    }
  }

  private Path writeCreds(
      NKey signer, String name, List<String> mayPublish, List<String> maySubscribe) {
    try {
      NKey user = NKey.createUser(null);
      var claims =
          new JwtUtils.UserClaim(null)
              .pub(new JwtUtils.Permission().allow(mayPublish.toArray(String[]::new)))
              .sub(new JwtUtils.Permission().allow(maySubscribe.toArray(String[]::new)));
      // Signed by the account's own key, so no issuer_account (that is for signing keys).
      String jwt = issue(signer, publicKey(user), name, claims);
      Path file = dir.resolve(name + ".creds");
      Files.writeString(
          file, String.format(JwtUtils.NATS_USER_JWT_FORMAT, jwt, new String(user.getSeed())));
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot create or sign with NKeys", e);
    }
  }

  /** {@code nats://127.0.0.1:<port>}. */
  public String url() {
    return "nats://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    try {
      runner.shutdown(true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Override
  public String toString() {
    return "OperatorModeNats[" + url() + ", account " + publicKey(account) + "]";
  }
}
