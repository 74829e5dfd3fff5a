package dev.fieldops.support.adapter.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldops.grpc.auth.TokenVerifier;
import dev.fieldops.kernel.Principal;
import dev.fieldops.test.grpc.TestTokens;
import dev.fieldops.test.time.TestClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ServiceTokenTest {

  private static final Principal SUPPORT = new Principal.Service("customer-support", "support");

  @Test
  void a_minted_token_names_support_and_is_renewed_before_it_expires() throws Exception {
    try (var tokens = TestTokens.create()) {
      var clock = new TestClock(Instant.parse("2026-03-02T09:00:00Z"));
      var token = ServiceToken.minted(tokens.minter(), SUPPORT, Duration.ofMinutes(15), clock);

      var first = token.get();
      clock.advance(Duration.ofMinutes(9));
      var stillFirst = token.get();
      clock.advance(Duration.ofMinutes(1));
      var renewed = token.get();

      TokenVerifier verifier = tokens.verifier();
      assertThat(verifier.verify(first)).isEqualTo(SUPPORT);
      assertThat(stillFirst).isEqualTo(first);
      assertThat(renewed).isNotEqualTo(first);
      assertThat(verifier.verify(renewed)).isEqualTo(SUPPORT);
    }
  }

  @Test
  void a_fixed_token_is_presented_as_given() {
    assertThat(ServiceToken.fixed("a.b.c").get()).isEqualTo("a.b.c");
  }
}
