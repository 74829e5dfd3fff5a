package dev.fieldops.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import build.buf.validate.MessageRules;
import build.buf.validate.Rule;
import build.buf.validate.ValidateProto;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MessageOptions;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Timestamp;
import dev.fieldops.grpc.testing.v1.CollectRequest;
import dev.fieldops.grpc.testing.v1.EchoRequest;
import dev.fieldops.grpc.testing.v1.WatchRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestRulesTest {

  private static final FileDescriptor ECHO = EchoRequest.getDescriptor().getFile();

  @Test
  void rules_compiled_in_the_background_cover_every_request_of_the_files_services_and_judge_them()
      throws Exception {
    RequestRules rules = RequestRules.compileInBackground(List.of(ECHO));

    assertThat(
            rules.covers(
                List.of(
                    EchoRequest.getDescriptor(),
                    CollectRequest.getDescriptor(),
                    WatchRequest.getDescriptor())))
        .isTrue();
    assertThat(rules.covers(List.of(Timestamp.getDescriptor()))).isFalse();
    assertThat(rules.validator().validate(EchoRequest.getDefaultInstance()).getViolations())
        .extracting(v -> v.toProto().getRuleId())
        .containsExactly("string.min_len");
    assertThat(
            rules
                .validator()
                .validate(EchoRequest.newBuilder().setText("judged").build())
                .isSuccess())
        .isTrue();
  }

  @Test
  void a_rule_that_does_not_compile_fails_whoever_takes_the_rules_as_a_build_would()
      throws Exception {
    RequestRules rules = RequestRules.compileInBackground(List.of(fileWithABrokenRule()));

    assertThatExceptionOfType(IllegalStateException.class)
        .isThrownBy(rules::validator)
        .withMessageContaining("request validation rules do not compile");
  }

  /** A service whose request has a message rule naming a field the message does not have. */
  private static FileDescriptor fileWithABrokenRule() throws DescriptorValidationException {
    var broken =
        MessageOptions.newBuilder()
            .setExtension(
                ValidateProto.message,
                MessageRules.newBuilder()
                    .addCel(
                        Rule.newBuilder()
                            .setId("no_such_field")
                            .setMessage("refers to a field that is not there")
                            .setExpression("this.no_such_field == 'x'"))
                    .build())
            .build();
    var file =
        FileDescriptorProto.newBuilder()
            .setName("fieldops/grpc/testing/v1/broken.proto")
            .setPackage("fieldops.grpc.testing.v1")
            .setSyntax("proto3")
            .addDependency(ValidateProto.getDescriptor().getName())
            .addMessageType(
                DescriptorProto.newBuilder()
                    .setName("BrokenRequest")
                    .setOptions(broken)
                    .addField(
                        FieldDescriptorProto.newBuilder()
                            .setName("text")
                            .setNumber(1)
                            .setType(FieldDescriptorProto.Type.TYPE_STRING)))
            .addService(
                ServiceDescriptorProto.newBuilder()
                    .setName("BrokenService")
                    .addMethod(
                        MethodDescriptorProto.newBuilder()
                            .setName("Break")
                            .setInputType(".fieldops.grpc.testing.v1.BrokenRequest")
                            .setOutputType(".fieldops.grpc.testing.v1.BrokenRequest")))
            .build();
    return FileDescriptor.buildFrom(file, new FileDescriptor[] {ValidateProto.getDescriptor()});
  }
}
