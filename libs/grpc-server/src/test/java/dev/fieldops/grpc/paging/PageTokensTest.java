package dev.fieldops.grpc.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.kernel.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PageTokensTest {

  private static final List<String> OPEN_TICKETS_OF_ACME = List.of("ListTickets", "acme", "OPEN");

  private final PageTokens tokens = new PageTokens(secret((byte) 7));

  @Test
  void a_token_resumes_after_the_last_row_it_was_made_from() {
    var createTime = OffsetDateTime.of(2026, 11, 26, 14, 3, 7, 123_456_000, ZoneOffset.ofHours(2));
    var ticketId = UUID.fromString("0190a5a4-7c1e-7d2a-9c3b-1f2e3d4c5b6a");

    String token = tokens.encode(OPEN_TICKETS_OF_ACME, List.of(createTime, ticketId, 42L));
    var cursor = tokens.decode(token, OPEN_TICKETS_OF_ACME).orElseThrow();

    assertThat(cursor.size()).isEqualTo(3);
    assertThat(cursor.offsetDateTime(0))
        .isEqualTo(createTime.withOffsetSameInstant(ZoneOffset.UTC));
    assertThat(cursor.instant(0)).isEqualTo(createTime.toInstant());
    assertThat(cursor.uuid(1)).isEqualTo(ticketId);
    assertThat(cursor.longValue(2)).isEqualTo(42L);
  }

  @Test
  void a_token_is_url_safe_and_opaque() {
    String token = tokens.encode(OPEN_TICKETS_OF_ACME, List.of("customer-42", Instant.EPOCH));

    assertThat(token).matches("[A-Za-z0-9_-]+").doesNotContain("customer-42");
  }

  @Test
  void no_token_means_the_first_page() {
    assertThat(tokens.decode("", OPEN_TICKETS_OF_ACME)).isEmpty();
    assertThat(tokens.decode(null, OPEN_TICKETS_OF_ACME)).isEmpty();
  }

  @Test
  void a_tampered_token_is_refused() {
    String token = tokens.encode(OPEN_TICKETS_OF_ACME, List.of(Instant.EPOCH, UUID.randomUUID()));
    byte[] raw = Base64.getUrlDecoder().decode(token);
    for (int i = 0; i < raw.length; i++) {
      byte[] altered = Arrays.copyOf(raw, raw.length);
      altered[i] ^= 0x01;
      String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(altered);

      assertInvalidPageToken(() -> tokens.decode(forged, OPEN_TICKETS_OF_ACME));
    }
  }

  @Test
  void a_truncated_or_garbage_token_is_refused() {
    String token = tokens.encode(OPEN_TICKETS_OF_ACME, List.of(Instant.EPOCH));

    assertInvalidPageToken(
        () -> tokens.decode(token.substring(0, token.length() - 3), OPEN_TICKETS_OF_ACME));
    assertInvalidPageToken(() -> tokens.decode("not a token!", OPEN_TICKETS_OF_ACME));
    assertInvalidPageToken(() -> tokens.decode("AAAA", OPEN_TICKETS_OF_ACME));
    assertInvalidPageToken(() -> tokens.decode("A".repeat(10_000), OPEN_TICKETS_OF_ACME));
  }

  @Test
  void a_token_issued_for_other_filters_is_refused() {
    String token = tokens.encode(OPEN_TICKETS_OF_ACME, List.of(Instant.EPOCH));

    assertInvalidPageToken(() -> tokens.decode(token, List.of("ListTickets", "acme", "CLOSED")))
        .hasMessageContaining("different list parameters");
    assertInvalidPageToken(() -> tokens.decode(token, List.of("ListInvoices", "acme", "OPEN")));
  }

  @Test
  void filter_parts_cannot_be_shifted_into_each_other() {
    String token = tokens.encode(List.of("ListTickets", "ab", "c"), List.of(Instant.EPOCH));

    assertInvalidPageToken(() -> tokens.decode(token, List.of("ListTickets", "a", "bc")));
    assertInvalidPageToken(
        () -> tokens.decode(token, Arrays.asList("ListTickets", "ab", "c", null)));
  }

  @Test
  void an_absent_filter_differs_from_the_text_null() {
    String token = tokens.encode(Arrays.asList("ListTickets", null), List.of(Instant.EPOCH));

    assertThat(tokens.decode(token, Arrays.asList("ListTickets", null))).isPresent();
    assertInvalidPageToken(() -> tokens.decode(token, List.of("ListTickets", "null")));
  }

  @Test
  void a_token_signed_with_another_key_is_refused() {
    String foreign =
        new PageTokens(secret((byte) 8)).encode(OPEN_TICKETS_OF_ACME, List.of(Instant.EPOCH));

    assertInvalidPageToken(() -> tokens.decode(foreign, OPEN_TICKETS_OF_ACME));
  }

  @Test
  void instances_sharing_a_secret_accept_each_others_tokens() {
    String token = tokens.encode(OPEN_TICKETS_OF_ACME, List.of("x"));

    assertThat(new PageTokens(secret((byte) 7)).decode(token, OPEN_TICKETS_OF_ACME)).isPresent();
  }

  @Test
  void a_key_that_does_not_parse_as_the_expected_type_is_an_invalid_token() {
    var cursor =
        tokens
            .decode(tokens.encode(OPEN_TICKETS_OF_ACME, List.of("abc")), OPEN_TICKETS_OF_ACME)
            .orElseThrow();

    assertInvalidPageToken(() -> cursor.uuid(0));
    assertInvalidPageToken(() -> cursor.instant(0));
    assertInvalidPageToken(() -> cursor.longValue(0));
    assertInvalidPageToken(() -> cursor.string(1));
  }

  @Test
  void keys_of_unsupported_types_or_null_are_refused_when_encoding() {
    assertThatThrownBy(() -> tokens.encode(OPEN_TICKETS_OF_ACME, List.of(3.5)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tokens.encode(OPEN_TICKETS_OF_ACME, Arrays.asList("a", null)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tokens.encode(OPEN_TICKETS_OF_ACME, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void page_size_defaults_to_fifty_and_is_clamped_to_five_hundred() {
    assertThat(PageTokens.clampPageSize(0)).isEqualTo(50);
    assertThat(PageTokens.clampPageSize(1)).isEqualTo(1);
    assertThat(PageTokens.clampPageSize(500)).isEqualTo(500);
    assertThat(PageTokens.clampPageSize(501)).isEqualTo(500);
    assertThat(PageTokens.clampPageSize(Integer.MAX_VALUE)).isEqualTo(500);
  }

  @Test
  void a_negative_page_size_is_invalid_input() {
    assertThatThrownBy(() -> PageTokens.clampPageSize(-1))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("INVALID_PAGE_SIZE");
              assertThat(e.violations().getFirst().field()).isEqualTo("page_size");
            });
  }

  @Test
  void the_secret_comes_from_the_environment() {
    String secret = Base64.getEncoder().encodeToString(secret((byte) 7));
    String token = tokens.encode(OPEN_TICKETS_OF_ACME, List.of("x"));

    var fromEnv = PageTokens.fromEnvironment(Map.of("PAGE_TOKEN_SECRET", secret));

    assertThat(fromEnv.decode(token, OPEN_TICKETS_OF_ACME)).isPresent();
  }

  @Test
  void the_secret_may_come_from_a_file(@TempDir Path dir) throws Exception {
    String secret = Base64.getEncoder().encodeToString(secret((byte) 7));
    String token = tokens.encode(OPEN_TICKETS_OF_ACME, List.of("x"));
    Path file = Files.writeString(dir.resolve("page-token-secret"), secret + "\n");

    var fromFile = PageTokens.fromEnvironment(Map.of("PAGE_TOKEN_SECRET_FILE", file.toString()));

    assertThat(fromFile.decode(token, OPEN_TICKETS_OF_ACME)).isPresent();
  }

  @Test
  void without_a_configured_secret_each_process_signs_with_its_own_key() {
    var first = PageTokens.fromEnvironment(Map.of());
    var second = PageTokens.fromEnvironment(Map.of());
    String token = first.encode(OPEN_TICKETS_OF_ACME, List.of("x"));

    assertThat(first.decode(token, OPEN_TICKETS_OF_ACME)).isPresent();
    assertInvalidPageToken(() -> second.decode(token, OPEN_TICKETS_OF_ACME));
  }

  @Test
  void an_unusable_secret_fails_naming_its_variable() {
    assertThatThrownBy(() -> PageTokens.fromEnvironment(Map.of("PAGE_TOKEN_SECRET", "short")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("PAGE_TOKEN_SECRET");
    assertThatThrownBy(
            () -> PageTokens.fromEnvironment(Map.of("PAGE_TOKEN_SECRET", "***not base64***")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("PAGE_TOKEN_SECRET");
  }

  private static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable>
      assertInvalidPageToken(ThrowingCallable call) {
    return assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("INVALID_PAGE_TOKEN");
              assertThat(e.violations())
                  .singleElement()
                  .satisfies(v -> assertThat(v.field()).isEqualTo("page_token"));
            });
  }

  private static byte[] secret(byte fill) {
    byte[] secret = new byte[32];
    Arrays.fill(secret, fill);
    return secret;
  }
}
