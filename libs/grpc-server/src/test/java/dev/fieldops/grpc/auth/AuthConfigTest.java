package dev.fieldops.grpc.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import dev.fieldops.config.ConfigException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AuthConfigTest {

  @Test
  void a_start_without_a_source_of_keys_fails_naming_the_variables_to_set() {
    assertThatThrownBy(() -> AuthConfig.fromEnvironment(Map.of("AUTH_ISSUER", "https://idp")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("AUTH_JWKS_URL or AUTH_PUBLIC_KEY_FILE: not set;")
        .hasMessageContaining("AUTH_DEV_KEY_DIR");
  }

  @Test
  void the_development_key_is_used_only_when_its_folder_is_set() {
    var config = AuthConfig.fromEnvironment(Map.of("AUTH_DEV_KEY_DIR", "/tmp/dev-keys"));

    assertThat(config.keySource())
        .isEqualTo(new AuthConfig.KeySource.DevKeyDir(Path.of("/tmp/dev-keys")));
    assertThat(config.algorithms()).isEqualTo(AuthConfig.DEFAULT_ALGORITHMS);
    assertThat(config.clockSkew()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.maxLifetimes()).isEqualTo(TokenLifetimes.DEFAULTS);
  }

  @Test
  void production_settings_are_read_from_their_variables() {
    var config =
        AuthConfig.fromEnvironment(
            Map.of(
                "AUTH_JWKS_URL", "https://idp.example/jwks.json",
                "AUTH_ALGORITHMS", "es384, ps256,",
                "AUTH_CLOCK_SKEW", "PT10S",
                "AUTH_MAX_TOKEN_LIFETIME_DEVICE", "7d"));

    assertThat(config.keySource())
        .isEqualTo(new AuthConfig.KeySource.JwksUrl(URI.create("https://idp.example/jwks.json")));
    assertThat(config.algorithms()).isEqualTo(Set.of(JWSAlgorithm.ES384, JWSAlgorithm.PS256));
    assertThat(config.clockSkew()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.maxLifetimes().device()).isEqualTo(Duration.ofDays(7));
    assertThat(
            AuthConfig.fromEnvironment(Map.of("AUTH_PUBLIC_KEY_FILE", "/keys/idp.pem")).keySource())
        .isEqualTo(new AuthConfig.KeySource.PublicKeyFile(Path.of("/keys/idp.pem")));
  }

  @Test
  void key_refresh_and_the_deny_list_are_read_from_their_variables() {
    var defaults = AuthConfig.fromEnvironment(Map.of("AUTH_DEV_KEY_DIR", "dev-keys"));
    assertThat(defaults.jwksRefresh()).isEqualTo(Duration.ofMinutes(5));
    assertThat(defaults.jwksMinRefetchInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(defaults.revokedTokensFile()).isEmpty();

    var config =
        AuthConfig.fromEnvironment(
            Map.of(
                "AUTH_DEV_KEY_DIR", "dev-keys",
                "AUTH_JWKS_REFRESH", "1h",
                "AUTH_JWKS_MIN_REFETCH_INTERVAL", "0",
                "AUTH_REVOKED_TOKENS_FILE", "/run/secrets/revoked"));
    assertThat(config.jwksRefresh()).isEqualTo(Duration.ofHours(1));
    assertThat(config.jwksMinRefetchInterval()).isZero();
    assertThat(config.revokedTokensFile()).contains(Path.of("/run/secrets/revoked"));

    assertThatThrownBy(
            () ->
                AuthConfig.fromEnvironment(
                    Map.of(
                        "AUTH_DEV_KEY_DIR",
                        "dev-keys",
                        "AUTH_JWKS_REFRESH",
                        "20s",
                        "AUTH_JWKS_MIN_REFETCH_INTERVAL",
                        "30s")))
        .hasMessageContaining("AUTH_JWKS_MIN_REFETCH_INTERVAL");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "AUTH_ALGORITHMS | HS256",
        "AUTH_ALGORITHMS | ES256,none",
        "AUTH_ALGORITHMS | ' , '",
        "AUTH_JWKS_URL | file:///etc/jwks.json",
        "AUTH_CLOCK_SKEW | 10m",
        "AUTH_MAX_TOKEN_LIFETIME_STAFF | 400d",
        "AUTH_MAX_TOKEN_LIFETIME_SERVICE | forever",
      })
  void an_unusable_value_fails_naming_the_variable_and_the_value(String variable, String value) {
    assertThatThrownBy(() -> AuthConfig.fromEnvironment(Map.of(variable, value)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(variable + ": invalid value '" + value.trim() + "', expected ");
  }

  @Test
  void two_sources_of_verification_keys_are_refused() {
    assertThatThrownBy(
            () ->
                AuthConfig.fromEnvironment(
                    Map.of(
                        "AUTH_JWKS_URL", "https://idp.example/jwks.json",
                        "AUTH_PUBLIC_KEY_FILE", "/keys/idp.pem")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("AUTH_JWKS_URL: invalid value 'https://idp.example/jwks.json'")
        .hasMessageContaining("AUTH_PUBLIC_KEY_FILE");
  }
}
