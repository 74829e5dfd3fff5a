package dev.fieldops.grpc;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.protobuf.ProtoServiceDescriptorSupplier;
import java.util.ArrayList;
import java.util.List;

/**
 * Lets server reflection resolve messages that no RPC uses. grpc-java's reflection service indexes
 * the proto file of every registered service and, transitively, the files it imports; a service's
 * events live in a file of their own that the service file does not import. So the service is
 * registered with a schema descriptor whose file lists the event files among its dependencies:
 * {@code file_containing_symbol} for an event then answers, and clients such as grpcurl and buf
 * curl fetch the event file like any other import. The methods, their marshallers and their own
 * schema descriptors stay as generated.
 */
final class ReflectedFiles {

  private ReflectedFiles() {}

  static ServerServiceDefinition withDependencies(
      ServerServiceDefinition service, List<FileDescriptor> extraFiles) {
    io.grpc.ServiceDescriptor descriptor = service.getServiceDescriptor();
    if (extraFiles.isEmpty()
        || !(descriptor.getSchemaDescriptor() instanceof ProtoServiceDescriptorSupplier schema)) {
      return service;
    }
    FileDescriptor file = schema.getFileDescriptor();
    List<FileDescriptor> dependencies = new ArrayList<>(file.getDependencies());
    FileDescriptorProto.Builder proto = file.toProto().toBuilder();
    for (FileDescriptor extra : extraFiles) {
      if (!extra.getName().equals(file.getName()) && !dependencies.contains(extra)) {
        dependencies.add(extra);
        proto.addDependency(extra.getName());
      }
    }
    FileDescriptor augmented;
    try {
      augmented =
          FileDescriptor.buildFrom(proto.build(), dependencies.toArray(FileDescriptor[]::new));
    } catch (DescriptorValidationException e) {
      throw new IllegalStateException(
          "cannot describe " + extraFiles + " with " + file.getName(), e);
    }
    ServiceDescriptor augmentedService =
        augmented.findServiceByName(schema.getServiceDescriptor().getName());
    var reflected =
        io.grpc.ServiceDescriptor.newBuilder(descriptor.getName())
            .setSchemaDescriptor(new Schema(augmented, augmentedService));
    for (MethodDescriptor<?, ?> method : descriptor.getMethods()) {
      reflected.addMethod(method);
    }
    var definition = ServerServiceDefinition.builder(reflected.build());
    for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
      definition.addMethod(method);
    }
    return definition.build();
  }

  private record Schema(FileDescriptor file, ServiceDescriptor service)
      implements ProtoServiceDescriptorSupplier {

    @Override
    public FileDescriptor getFileDescriptor() {
      return file;
    }

    @Override
    public ServiceDescriptor getServiceDescriptor() {
      return service;
    }
  }
}
