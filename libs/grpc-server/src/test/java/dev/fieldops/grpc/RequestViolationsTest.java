package dev.fieldops.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import build.buf.protovalidate.Validator;
import build.buf.protovalidate.ValidatorFactory;
import com.google.protobuf.Message;
import com.google.rpc.BadRequest;
import dev.fieldops.grpc.testing.v1.EchoRequest;
import dev.fieldops.grpc.testing.v1.Owner;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestViolationsTest {

  private final Validator validator = ValidatorFactory.newBuilder().build();

  @Test
  void a_standard_rule_is_reported_at_its_field_with_the_full_path() throws Exception {
    var violations =
        violations(
            EchoRequest.newBuilder()
                .setText("hello")
                .setOwner(Owner.newBuilder().setCustomerId("not valid!"))
                .build());

    assertThat(violations)
        .extracting(BadRequest.FieldViolation::getField)
        .containsExactly("owner.customer_id");
  }

  @Test
  void a_field_rule_that_judges_a_sub_field_is_reported_at_the_sub_field() throws Exception {
    var violations =
        violations(
            EchoRequest.newBuilder()
                .setText("hello")
                .setSponsor(Owner.getDefaultInstance())
                .build());

    assertThat(violations)
        .filteredOn(v -> v.getReason().equals("sponsor.customer_id.required"))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.getField()).isEqualTo("sponsor.customer_id");
              assertThat(v.getReason()).isEqualTo("sponsor.customer_id.required");
              assertThat(v.getDescription()).isEqualTo("sponsor.customer_id is required");
            });
  }

  @Test
  void a_message_rule_that_judges_a_field_is_reported_at_that_field() throws Exception {
    var violations =
        violations(
            EchoRequest.newBuilder()
                .setText("hello")
                .setOwner(Owner.newBuilder().setCustomerId("root"))
                .build());

    assertThat(violations)
        .extracting(BadRequest.FieldViolation::getField)
        .containsExactly("owner.customer_id");
  }

  @Test
  void a_rule_whose_id_names_no_field_stays_at_the_field_that_declares_it() throws Exception {
    var violations =
        violations(
            EchoRequest.newBuilder()
                .setText("hello")
                .setSponsor(Owner.newBuilder().setCustomerId("anonymous"))
                .build());

    assertThat(violations)
        .extracting(BadRequest.FieldViolation::getField)
        .containsExactly("sponsor");
  }

  private List<BadRequest.FieldViolation> violations(Message request) throws Exception {
    return RequestViolations.of(
        request.getDescriptorForType(), validator.validate(request).getViolations());
  }
}
