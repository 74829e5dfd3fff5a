package dev.fieldops.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class NatsConfigTest {

  @Test
  void without_nats_url_the_local_server_is_used() {
    assertThat(NatsConfig.fromEnvironment(Map.of(), "support").url())
        .isEqualTo("nats://127.0.0.1:4222");
  }

  @Test
  void a_cluster_is_given_as_a_comma_separated_list() {
    var config =
        NatsConfig.fromEnvironment(Map.of("NATS_URL", "nats://a:4222,nats://b:4222"), "support");
    assertThat(config.url()).isEqualTo("nats://a:4222,nats://b:4222");
  }

  @Test
  void an_unusable_nats_url_fails_naming_the_variable_without_echoing_credentials() {
    assertThatThrownBy(
            () ->
                NatsConfig.fromEnvironment(
                    Map.of("NATS_URL", "http://user:secret@host:4222"), "support"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NATS_URL")
        .hasMessageNotContaining("secret");
  }

  @Test
  void credentials_in_the_url_stay_out_of_logs() {
    var config = NatsConfig.forUrl("nats://svc:s3cret@nats:4222", "support");
    assertThat(config.toString()).doesNotContain("s3cret").contains("nats://****@nats:4222");
  }

  @Test
  void the_reconnect_backoff_doubles_up_to_its_ceiling() {
    var backoff =
        NatsConnections.backoff(java.time.Duration.ofMillis(100), java.time.Duration.ofSeconds(1));
    assertThat(backoff.getWaitTime(1).toMillis()).isBetween(80L, 100L);
    assertThat(backoff.getWaitTime(3).toMillis()).isBetween(320L, 400L);
    assertThat(backoff.getWaitTime(50).toMillis()).isBetween(800L, 1000L);
  }
}
