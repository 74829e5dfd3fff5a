package dev.fieldops.grpc.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The local development signing key: an EC P-256 pair created on first use in a git-ignored folder
 * ({@code .fieldops/dev-keys}) and loaded afterwards, so that services and {@code ./fieldops token}
 * agree on one key without any setup. Production never uses it; it takes a public key or a JWKS
 * URL.
 *
 * <p>Files in the folder:
 *
 * <ul>
 *   <li>{@value #PRIVATE_KEY_FILE}: the private key as a JWK (with its key id), mode 600;
 *   <li>{@value #PUBLIC_KEY_FILE}: the public key as PEM, usable as {@code AUTH_PUBLIC_KEY_FILE}.
 * </ul>
 *
 * <p>Several processes may start at once (three services and the token command), so creation holds
 * a file lock and publishes the private key with an atomic rename.
 */
public final class DevKeys {

  public static final String PRIVATE_KEY_FILE = "signing-key.jwk.json";
  public static final String PUBLIC_KEY_FILE = "signing-key.pub.pem";
  private static final String LOCK_FILE = ".lock";

  /** A JVM holds a file lock per process, not per thread: threads queue here first. */
  private static final ReentrantLock IN_PROCESS = new ReentrantLock();

  private final Path directory;
  private final ECKey signingKey;
  private final boolean created;

  private DevKeys(Path directory, ECKey signingKey, boolean created) {
    this.directory = directory;
    this.signingKey = signingKey;
    this.created = created;
  }

  /**
   * Loads the key pair from {@code directory}, creating the folder and the pair when absent.
   *
   * @throws UncheckedIOException when the folder cannot be written or holds an unreadable key
   */
  public static DevKeys loadOrCreate(Path directory) {
    Path dir = directory.toAbsolutePath().normalize();
    IN_PROCESS.lock();
    try {
      createPrivateDirectory(dir);
      try (FileChannel lockChannel =
          FileChannel.open(
              dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        lockChannel.lock(); // released when the channel closes
        Path privateFile = dir.resolve(PRIVATE_KEY_FILE);
        boolean created = false;
        ECKey key;
        if (Files.exists(privateFile)) {
          key = read(privateFile);
          restrictToOwner(privateFile);
        } else {
          key = generate();
          writePrivately(privateFile, key.toJSONString());
          created = true;
        }
        Path publicFile = dir.resolve(PUBLIC_KEY_FILE);
        String publicPem = PublicKeyPem.format(key.toECPublicKey());
        if (!Files.exists(publicFile)
            || !Files.readString(publicFile, StandardCharsets.US_ASCII).equals(publicPem)) {
          Files.writeString(publicFile, publicPem, StandardCharsets.US_ASCII);
        }
        return new DevKeys(dir, key, created);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("development keys in " + dir + ": " + e.getMessage(), e);
    } catch (JOSEException e) {
      throw new IllegalStateException("development keys in " + dir + ": " + e.getMessage(), e);
    } finally {
      IN_PROCESS.unlock();
    }
  }

  /** The folder holding the key files. */
  public Path directory() {
    return directory;
  }

  /** The private signing key (a JWK with key id), for minting development tokens. */
  public ECKey signingKey() {
    return signingKey;
  }

  /** The public half, for verification. */
  public ECKey publicKey() {
    return signingKey.toPublicJWK();
  }

  public String keyId() {
    return signingKey.getKeyID();
  }

  /** The public key file ({@value #PUBLIC_KEY_FILE}). */
  public Path publicKeyFile() {
    return directory.resolve(PUBLIC_KEY_FILE);
  }

  /** Whether this call generated the pair (callers say so once, in their own words). */
  public boolean created() {
    return created;
  }

  private static ECKey generate() throws JOSEException {
    return new ECKeyGenerator(Curve.P_256)
        .keyUse(KeyUse.SIGNATURE)
        .algorithm(JWSAlgorithm.ES256)
        .keyIDFromThumbprint(true)
        .generate();
  }

  private static ECKey read(Path file) throws IOException, JOSEException {
    ECKey key;
    try {
      key = ECKey.parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (ParseException e) {
      throw new IOException(file + " is not an EC JWK: " + e.getMessage(), e);
    }
    if (!key.isPrivate() || !Curve.P_256.equals(key.getCurve())) {
      throw new IOException(file + " must hold a private P-256 key");
    }
    if (key.getKeyID() == null) {
      key = new ECKey.Builder(key).keyIDFromThumbprint().build();
    }
    return key;
  }

  private static void createPrivateDirectory(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    if (supportsPosix(dir.getRoot())) {
      try {
        Files.createDirectories(
            dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        return;
      } catch (FileAlreadyExistsException e) {
        return;
      }
    }
    Files.createDirectories(dir);
  }

  private static void writePrivately(Path target, String content) throws IOException {
    Path temp = target.resolveSibling(target.getFileName() + ".tmp");
    Files.deleteIfExists(temp);
    if (supportsPosix(target.getParent())) {
      Files.createFile(temp, PosixFilePermissions.asFileAttribute(ownerOnly()));
    } else {
      Files.createFile(temp);
    }
    Files.writeString(temp, content, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target);
    }
  }

  private static void restrictToOwner(Path file) throws IOException {
    if (supportsPosix(file.getParent())
        && !Files.getPosixFilePermissions(file).equals(ownerOnly())) {
      Files.setPosixFilePermissions(file, ownerOnly());
    }
  }

  private static Set<PosixFilePermission> ownerOnly() {
    return PosixFilePermissions.fromString("rw-------");
  }

  private static boolean supportsPosix(Path path) {
    Path probe = path == null ? Path.of("") : path;
    return probe.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
