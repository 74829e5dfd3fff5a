package dev.fieldops.grpc;

import io.grpc.InsecureServerCredentials;
import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.util.AdvancedTlsX509KeyManager;
import io.grpc.util.AdvancedTlsX509TrustManager;
import io.grpc.util.AdvancedTlsX509TrustManager.Verification;
import io.grpc.util.CertificateUtils;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server credentials of a {@link ServerTransport}: grpc-java's reloading key and trust managers
 * ({@link AdvancedTlsX509KeyManager}, {@link AdvancedTlsX509TrustManager}) hold the credentials,
 * loaded from the PEM files now and again whenever the files change (checked every {@code
 * GRPC_TLS_RELOAD_INTERVAL}), so new connections get the renewed certificate while existing ones
 * keep theirs. Closing stops the checks.
 */
final class ServerTls implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ServerTls.class);

  private final ServerCredentials credentials;
  private final ScheduledExecutorService timer;

  private ServerTls(ServerCredentials credentials, ScheduledExecutorService timer) {
    this.credentials = credentials;
    this.timer = timer;
  }

  /**
   * Loads the files of {@code transport} (or chooses plaintext, with a warning).
   *
   * @throws IllegalStateException when neither TLS nor plaintext is configured, or a file cannot be
   *     read as a certificate or a PKCS#8 key; the message names the variable and the file
   */
  static ServerTls open(ServerTransport transport) {
    transport.requireChosen();
    if (!transport.tls()) {
      log.warn(
          "serving gRPC in PLAINTEXT because {}=true: calls and tokens cross the network"
              + " unencrypted; for development only",
          ServerTransport.PLAINTEXT);
      return new ServerTls(InsecureServerCredentials.create(), null);
    }
    Path certFile = transport.certificateFile().orElseThrow();
    Path keyFile = transport.keyFile().orElseThrow();
    long periodNanos = transport.reloadInterval().toNanos();
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("grpc-tls-reload").daemon().factory());
    try {
      var keyManager = new AdvancedTlsX509KeyManager();
      var identity = new WatchedFiles(List.of(certFile, keyFile));
      try {
        loadIdentity(keyManager, certFile, keyFile);
      } catch (IOException | GeneralSecurityException | RuntimeException e) {
        throw new IllegalStateException(
            "cannot load the gRPC server's certificate "
                + certFile
                + " ("
                + ServerTransport.CERT_FILE
                + ") and key "
                + keyFile
                + " ("
                + ServerTransport.KEY_FILE
                + "): "
                + e.getMessage(),
            e);
      }
      schedule(
          timer,
          periodNanos,
          identity,
          () -> loadIdentity(keyManager, certFile, keyFile),
          "certificate " + certFile + " and key " + keyFile);
      var builder = TlsServerCredentials.newBuilder().keyManager(keyManager);
      if (transport.clientCaFile().isPresent()) {
        Path caFile = transport.clientCaFile().get();
        AdvancedTlsX509TrustManager trustManager;
        try {
          trustManager =
              AdvancedTlsX509TrustManager.newBuilder()
                  .setVerification(Verification.CERTIFICATE_ONLY_VERIFICATION)
                  .build();
          trustManager.updateTrustCredentials(caFile.toFile());
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
          throw new IllegalStateException(
              "cannot load the client CA "
                  + caFile
                  + " ("
                  + ServerTransport.CLIENT_CA_FILE
                  + "): "
                  + e.getMessage(),
              e);
        }
        schedule(
            timer,
            periodNanos,
            new WatchedFiles(List.of(caFile)),
            () -> trustManager.updateTrustCredentials(caFile.toFile()),
            "client CA " + caFile);
        builder.trustManager(trustManager).clientAuth(TlsServerCredentials.ClientAuth.OPTIONAL);
      }
      log.info(
          "gRPC over TLS with {} (reloaded when changed, checked every {}){}",
          certFile,
          transport.reloadInterval(),
          transport.clientCaFile().map(ca -> "; client certificates verified by " + ca).orElse(""));
      return new ServerTls(builder.build(), timer);
    } catch (RuntimeException e) {
      timer.shutdownNow();
      throw e;
    }
  }

  /**
   * Reads the key and the chain and hands them to the key manager, unless they do not belong
   * together: a renewal caught between writing the key and writing the certificate is skipped and
   * picked up on the next check.
   */
  private static void loadIdentity(
      AdvancedTlsX509KeyManager keyManager, Path certFile, Path keyFile)
      throws IOException, GeneralSecurityException {
    PrivateKey key;
    try (InputStream in = Files.newInputStream(keyFile)) {
      key = CertificateUtils.getPrivateKey(in);
    }
    X509Certificate[] chain;
    try (InputStream in = Files.newInputStream(certFile)) {
      chain = CertificateUtils.getX509Certificates(in);
    }
    if (chain.length == 0) {
      throw new GeneralSecurityException("no certificate in " + certFile);
    }
    requireMatching(key, chain[0]);
    keyManager.updateIdentityCredentials(chain, key);
  }

  private static void requireMatching(PrivateKey key, X509Certificate certificate)
      throws GeneralSecurityException {
    String algorithm =
        switch (key.getAlgorithm()) {
          case "EC" -> "SHA256withECDSA";
          case "RSA" -> "SHA256withRSA";
          default -> null;
        };
    if (algorithm == null) {
      return;
    }
    byte[] probe = "fieldops-key-check".getBytes(StandardCharsets.US_ASCII);
    Signature signer = Signature.getInstance(algorithm);
    signer.initSign(key);
    signer.update(probe);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance(algorithm);
    verifier.initVerify(certificate.getPublicKey());
    verifier.update(probe);
    if (!verifier.verify(signature)) {
      throw new GeneralSecurityException("the private key does not belong to the certificate");
    }
  }

  /**
   * Checks {@code files} every {@code periodNanos} and runs {@code reload} when one changed. grpc's
   * own periodic reloading ({@code updateIdentityCredentials(File, File, period, ...)}) enforces a
   * period of at least one minute and only reloads when the key and the certificate both changed (a
   * renewal that keeps its key is missed); this keeps grpc's key and trust managers and decides the
   * "when" here. A failed reload keeps the credentials in use and is retried on the next check.
   */
  private static void schedule(
      ScheduledExecutorService timer,
      long periodNanos,
      WatchedFiles files,
      Reload reload,
      String what) {
    timer.scheduleWithFixedDelay(
        () -> {
          if (!files.changed()) {
            return;
          }
          try {
            reload.run();
            files.markLoaded();
            log.info("reloaded the TLS {}", what);
          } catch (IOException | GeneralSecurityException | RuntimeException e) {
            log.warn(
                "cannot reload the TLS {} yet; keeping the loaded one: {}", what, e.getMessage());
          }
        },
        periodNanos,
        periodNanos,
        TimeUnit.NANOSECONDS);
  }

  @FunctionalInterface
  private interface Reload {
    void run() throws IOException, GeneralSecurityException;
  }

  /** The modification times and sizes of some files, as of the last successful load. */
  private static final class WatchedFiles {
    private final List<Path> files;
    private List<String> loaded;

    WatchedFiles(List<Path> files) {
      this.files = List.copyOf(files);
      this.loaded = stamps();
    }

    boolean changed() {
      return !stamps().equals(loaded);
    }

    void markLoaded() {
      loaded = stamps();
    }

    private List<String> stamps() {
      List<String> stamps = new ArrayList<>();
      for (Path file : files) {
        try {
          stamps.add(Files.getLastModifiedTime(file).toMillis() + "/" + Files.size(file));
        } catch (IOException missing) {
          stamps.add("missing");
        }
      }
      return stamps;
    }
  }

  ServerCredentials credentials() {
    return credentials;
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
