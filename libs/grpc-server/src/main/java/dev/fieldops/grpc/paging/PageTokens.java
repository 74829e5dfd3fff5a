package dev.fieldops.grpc.paging;

import dev.fieldops.config.Environment;
import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.kernel.paging.PageRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opaque keyset page tokens: a token carries the sort key of the last row of a page (for example
 * its {@code create_time} and id), so the next page is {@code WHERE (create_time, id) > (...)} and
 * stays stable under concurrent inserts, unlike OFFSET.
 *
 * <p>Clients must not build or edit tokens: each is signed with HMAC-SHA256 and bound to a hash of
 * the list's filter, so a forged, altered or foreign token, or one replayed with other filters, is
 * refused with {@code INVALID_PAGE_TOKEN} on {@code page_token}. The signing key comes from {@code
 * PAGE_TOKEN_SECRET} (base64, at least 32 bytes); without it every process signs with a random key
 * of its own, and tokens then do not survive a restart nor cross instances (a client sees
 * INVALID_PAGE_TOKEN and starts over), which is fine for one local instance only.
 *
 * <p>The filter list should start with the list's name (for example {@code "ListTickets"}) and
 * contain every request field that narrows the result, but not {@code page_size}, which may change
 * between pages.
 */
public final class PageTokens {

  public static final int DEFAULT_PAGE_SIZE = PageRequest.DEFAULT_SIZE;
  public static final int MAX_PAGE_SIZE = PageRequest.MAX_SIZE;
  public static final String SECRET_VARIABLE = "PAGE_TOKEN_SECRET";
  public static final String INVALID_PAGE_TOKEN = "INVALID_PAGE_TOKEN";
  public static final String INVALID_PAGE_SIZE = "INVALID_PAGE_SIZE";
  public static final String PAGE_TOKEN_FIELD = "page_token";
  public static final String PAGE_SIZE_FIELD = "page_size";

  private static final Logger log = LoggerFactory.getLogger(PageTokens.class);
  private static final int MIN_SECRET_BYTES = 32;
  private static final byte FORMAT_VERSION = 1;
  private static final int FILTER_HASH_BYTES = 8;
  private static final int MAC_BYTES = 16;
  private static final int MAX_KEYS = 16;
  private static final int MAX_KEY_BYTES = 512;
  // Refuse absurd input before decoding it.
  private static final int MAX_TOKEN_CHARS = 4096;
  private static final String HMAC = "HmacSHA256";

  private final SecretKeySpec key;

  /** Tokens signed with {@code secret} (at least 32 bytes); share it between instances. */
  public PageTokens(byte[] secret) {
    Objects.requireNonNull(secret, "secret");
    if (secret.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException(
          "a page token secret needs at least " + MIN_SECRET_BYTES + " bytes");
    }
    this.key = new SecretKeySpec(secret.clone(), HMAC);
  }

  /** Tokens signed with a random key of this process: valid until it stops. */
  public static PageTokens withRandomKey() {
    byte[] secret = new byte[MIN_SECRET_BYTES];
    new SecureRandom().nextBytes(secret);
    return new PageTokens(secret);
  }

  /**
   * Reads the key from {@code PAGE_TOKEN_SECRET}, or the file {@code PAGE_TOKEN_SECRET_FILE} names
   * (standard or URL-safe base64 of at least 32 bytes); falls back to {@link #withRandomKey()} with
   * a warning when neither is set.
   *
   * @throws IllegalArgumentException naming the variable when its value is unusable
   */
  public static PageTokens fromEnvironment(Map<String, String> env) {
    String raw =
        Environment.of(env).secret(SECRET_VARIABLE).filter(value -> !value.isBlank()).orElse(null);
    if (raw == null) {
      log.warn(
          "{} is not set: page tokens are signed with a random per-process key and stop working"
              + " after a restart and across instances",
          SECRET_VARIABLE);
      return withRandomKey();
    }
    byte[] secret;
    try {
      String text = raw.trim();
      secret =
          text.indexOf('-') >= 0 || text.indexOf('_') >= 0
              ? Base64.getUrlDecoder().decode(text)
              : Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(SECRET_VARIABLE + " must be base64", e);
    }
    if (secret.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException(
          SECRET_VARIABLE
              + " must decode to at least "
              + MIN_SECRET_BYTES
              + " bytes, got "
              + secret.length);
    }
    return new PageTokens(secret);
  }

  /**
   * The page size to use for a requested {@code page_size}: {@value #DEFAULT_PAGE_SIZE} when unset
   * (0), at most {@value #MAX_PAGE_SIZE} (the kernel's {@link PageRequest#sizeFor(int)}).
   *
   * @throws InvalidInputException {@code INVALID_PAGE_SIZE} when negative
   */
  public static int clampPageSize(int requested) {
    return PageRequest.sizeFor(requested);
  }

  /**
   * A token that resumes after the row whose sort key is {@code keys}.
   *
   * @param filter the list's name and every narrowing request field (nulls allowed)
   * @param keys the last row's sort key: {@link String}, {@link UUID}, {@link Instant}, {@link
   *     OffsetDateTime}, {@link ZonedDateTime} (stored as an instant), {@link Long}, {@link
   *     Integer} or {@link Short}
   */
  public String encode(List<?> filter, List<?> keys) {
    Objects.requireNonNull(filter, "filter");
    Objects.requireNonNull(keys, "keys");
    if (keys.isEmpty() || keys.size() > MAX_KEYS) {
      throw new IllegalArgumentException("a page token holds 1 to " + MAX_KEYS + " keys");
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT_VERSION);
      out.write(filterHash(filter));
      out.writeByte(keys.size());
      for (Object key : keys) {
        byte[] text = keyText(key).getBytes(StandardCharsets.UTF_8);
        if (text.length > MAX_KEY_BYTES) {
          throw new IllegalArgumentException(
              "a page token key is at most " + MAX_KEY_BYTES + " bytes");
        }
        out.writeShort(text.length);
        out.write(text);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] body = bytes.toByteArray();
    byte[] token = Arrays.copyOf(body, body.length + MAC_BYTES);
    System.arraycopy(mac(body), 0, token, body.length, MAC_BYTES);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
  }

  /**
   * The position a token resumes after, or empty for a blank token (the first page).
   *
   * @param filter the same filter the token was encoded with
   * @throws InvalidInputException {@code INVALID_PAGE_TOKEN} on {@code page_token} when the token
   *     was not issued by a holder of this key, was altered, or belongs to other filters
   */
  public Optional<Cursor> decode(String token, List<?> filter) {
    Objects.requireNonNull(filter, "filter");
    if (token == null || token.isBlank()) {
      return Optional.empty();
    }
    if (token.length() > MAX_TOKEN_CHARS) {
      throw invalid("is not a page token issued by this service");
    }
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(token.trim());
    } catch (IllegalArgumentException e) {
      throw invalid("is not a page token issued by this service");
    }
    if (raw.length < 1 + FILTER_HASH_BYTES + 1 + MAC_BYTES) {
      throw invalid("is not a page token issued by this service");
    }
    byte[] body = Arrays.copyOf(raw, raw.length - MAC_BYTES);
    byte[] signature = Arrays.copyOfRange(raw, raw.length - MAC_BYTES, raw.length);
    if (!MessageDigest.isEqual(Arrays.copyOf(mac(body), MAC_BYTES), signature)) {
      throw invalid("is not a page token issued by this service");
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(body))) {
      if (in.readByte() != FORMAT_VERSION) {
        throw invalid("comes from an incompatible version; start again without a page_token");
      }
      byte[] filterHash = in.readNBytes(FILTER_HASH_BYTES);
      if (!MessageDigest.isEqual(filterHash, filterHash(filter))) {
        throw invalid("was issued for different list parameters; start again without a page_token");
      }
      int count = in.readUnsignedByte();
      List<String> keys = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        byte[] text = in.readNBytes(in.readUnsignedShort());
        keys.add(new String(text, StandardCharsets.UTF_8));
      }
      if (in.available() != 0 || keys.isEmpty()) {
        throw invalid("is not a page token issued by this service");
      }
      return Optional.of(new Cursor(keys));
    } catch (IOException truncated) {
      throw invalid("is not a page token issued by this service");
    }
  }

  /**
   * The sort key a page token resumes after. The accessors parse the value at an index into the
   * type it was encoded from; a key that does not parse (a token of an older layout of the list) is
   * an {@code INVALID_PAGE_TOKEN} as well.
   */
  public record Cursor(List<String> keys) {

    public Cursor {
      keys = List.copyOf(keys);
    }

    public int size() {
      return keys.size();
    }

    public String string(int index) {
      if (index < 0 || index >= keys.size()) {
        throw invalid("does not fit this list; start again without a page_token");
      }
      return keys.get(index);
    }

    public UUID uuid(int index) {
      try {
        return UUID.fromString(string(index));
      } catch (IllegalArgumentException e) {
        throw invalid("does not fit this list; start again without a page_token");
      }
    }

    public Instant instant(int index) {
      try {
        return Instant.parse(string(index));
      } catch (DateTimeParseException e) {
        throw invalid("does not fit this list; start again without a page_token");
      }
    }

    /**
     * The instant at {@code index} as a UTC {@link OffsetDateTime}, jOOQ's {@code timestamptz}
     * type.
     */
    public OffsetDateTime offsetDateTime(int index) {
      return instant(index).atOffset(ZoneOffset.UTC);
    }

    public long longValue(int index) {
      try {
        return Long.parseLong(string(index));
      } catch (NumberFormatException e) {
        throw invalid("does not fit this list; start again without a page_token");
      }
    }
  }

  private static String keyText(Object key) {
    return switch (key) {
      case null -> throw new IllegalArgumentException("a page token key must not be null");
      case String s -> s;
      case UUID u -> u.toString();
      case Instant i -> i.toString();
      case OffsetDateTime o -> o.toInstant().toString();
      case ZonedDateTime z -> z.toInstant().toString();
      case Long l -> l.toString();
      case Integer i -> i.toString();
      case Short s -> s.toString();
      default ->
          throw new IllegalArgumentException(
              "unsupported page token key type " + key.getClass().getName());
    };
  }

  private static byte[] filterHash(List<?> filter) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      for (Object part : filter) {
        if (part == null) {
          out.writeInt(-1);
        } else {
          byte[] text = String.valueOf(part).getBytes(StandardCharsets.UTF_8);
          out.writeInt(text.length);
          out.write(text);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray());
      return Arrays.copyOf(digest, FILTER_HASH_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private byte[] mac(byte[] body) {
    try {
      // Mac instances are not thread-safe and cheap to make.
      Mac mac = Mac.getInstance(HMAC);
      mac.init(key);
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java runtime has " + HMAC, e);
    }
  }

  private static InvalidInputException invalid(String description) {
    return InvalidInputException.of(INVALID_PAGE_TOKEN, PAGE_TOKEN_FIELD, description);
  }
}
