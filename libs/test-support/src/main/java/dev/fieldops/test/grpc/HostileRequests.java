package dev.fieldops.test.grpc;

import build.buf.validate.FieldRules;
import build.buf.validate.ValidateProto;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Duration;
import com.google.protobuf.FieldMask;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import com.google.rpc.ErrorInfo;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A fuzz test of a running service, driven from its descriptors: for every RPC it sends hostile
 * variants of a request over the given channel (a real socket in the services' tests) and checks
 * that the service never answers {@code INTERNAL} or {@code UNKNOWN}, and that every other failure
 * carries an {@code ErrorInfo} with a reason.
 *
 * <p>The variants, each built from the method's seed request (a valid one the test supplies, so
 * that hostile values reach the handlers, or else the empty request) by changing one thing:
 *
 * <ul>
 *   <li>bytes that are not protobuf: garbage, a truncated varint, a length beyond the end, an end
 *       group without a start, unknown groups nested 200 deep, the seed followed by garbage;
 *   <li>invalid UTF-8 in each string field, at any depth;
 *   <li>for each field, down to {@value #MAX_DEPTH} levels: extreme and overflowing numbers, NaN
 *       and infinities, unknown enum values, empty strings, malformed ids, etags and page tokens,
 *       injection attempts, long strings of emoji (one more than the declared {@code max_len}, and
 *       far more), timestamps before year 1 and after year 9999 and with nanos out of range,
 *       durations beyond 10,000 years and of mixed signs, money with overflowing units, nanos out
 *       of range or a bad currency, field masks naming nothing, lists empty and longer than any
 *       declared {@code max_items}.
 * </ul>
 *
 * Every variant that is not about the {@code request_id} gets a new one, so that it reaches the
 * handler rather than the idempotency check. Server-streaming calls get a short deadline (their
 * DEADLINE_EXCEEDED is the client's and fine); a client stream sends the variant as its only
 * message.
 *
 * <pre>{@code
 * var report = HostileRequests.of(CustomerSupportServiceGrpc.getServiceDescriptor())
 *     .seed(CustomerSupportServiceGrpc.getGetTicketMethod(), validGetTicketRequest)
 *     .run(channel, method -> adminToken);
 * assertThat(report.problems()).isEmpty();
 * }</pre>
 */
public final class HostileRequests {

  private static final int MAX_DEPTH = 3;
  private static final String REQUEST_ID = "request_id";
  private static final int PARALLEL_CALLS = 4;
  private static final long UNARY_DEADLINE_SECONDS = 20;
  private static final long STREAM_DEADLINE_MILLIS = 1_500;
  private static final String EMOJI = "\uD83D\uDE00";

  /** Two characters whose UTF-8 form (C2 A7 C2 A8) is swapped for invalid bytes after encoding. */
  private static final String UTF8_MARKER = "\u00A7\u00A8";

  private static final byte[] UTF8_MARKER_BYTES = UTF8_MARKER.getBytes(StandardCharsets.UTF_8);
  private static final byte[] INVALID_UTF8 = {(byte) 0xFF, (byte) 0xFE, (byte) 0xC3, 0x28};
  private static final List<String> HOSTILE_STRINGS =
      List.of(
          "",
          " ",
          "not-a-uuid",
          "00000000-0000-0000-0000-000000000000",
          "ffffffff-ffff-ffff-ffff-ffffffffffff",
          "../../../etc/passwd",
          "' OR '1'='1'; --",
          "%s%n%x",
          "${jndi:ldap://127.0.0.1/a}",
          "\u0000",
          "\u202E\u200B\uFEFF",
          "W/\"1\"",
          "0",
          "-1",
          "99999999999999999999",
          "!!!!",
          "AAAAAAAAAAAAAAAA",
          "a".repeat(5_000),
          EMOJI.repeat(10_000));
  private static final MethodDescriptor.Marshaller<byte[]> BYTES = new BytesMarshaller();

  private final ServiceDescriptor service;
  private final Map<String, Message> seeds = new HashMap<>();

  private HostileRequests(ServiceDescriptor service) {
    this.service = Objects.requireNonNull(service, "service");
  }

  /** Variants for every method of {@code service}. */
  public static HostileRequests of(ServiceDescriptor service) {
    return new HostileRequests(service);
  }

  /** A valid request of {@code method} that the variants start from. */
  public <ReqT extends Message> HostileRequests seed(
      MethodDescriptor<ReqT, ?> method, ReqT request) {
    seeds.put(method.getFullMethodName(), request);
    return this;
  }

  /** What the run did and what was wrong. */
  public record Report(int calls, Map<Status.Code, Integer> codes, List<String> problems) {

    /** One line per call and outcome, for a failure message. */
    public String summary() {
      return calls
          + " calls, "
          + codes
          + (problems.isEmpty() ? "" : ", problems:\n  " + String.join("\n  ", problems));
    }
  }

  /**
   * Sends every variant of every method, {@value #PARALLEL_CALLS} at a time, with the bearer token
   * {@code tokens} gives for the method.
   */
  public Report run(Channel channel, Function<MethodDescriptor<?, ?>, String> tokens) {
    List<Call> calls = new ArrayList<>();
    for (MethodDescriptor<?, ?> method : service.getMethods()) {
      if (!(method.getRequestMarshaller() instanceof MethodDescriptor.PrototypeMarshaller<?> m)
          || !(m.getMessagePrototype() instanceof Message prototype)) {
        throw new IllegalArgumentException(method.getFullMethodName() + " has no protobuf request");
      }
      Message seed = seeds.getOrDefault(method.getFullMethodName(), prototype);
      String token = tokens.apply(method);
      for (Variant variant : variants(seed)) {
        calls.add(new Call(method, token, variant));
      }
    }
    Map<Status.Code, Integer> codes = new EnumMap<>(Status.Code.class);
    List<String> problems = new ArrayList<>();
    try (ExecutorService callers =
        Executors.newFixedThreadPool(
            PARALLEL_CALLS, Thread.ofVirtual().name("hostile-", 0).factory())) {
      List<CompletableFuture<Outcome>> outcomes = new ArrayList<>();
      for (Call call : calls) {
        outcomes.add(CompletableFuture.supplyAsync(() -> call.send(channel), callers));
      }
      for (int i = 0; i < calls.size(); i++) {
        Outcome outcome = outcomes.get(i).join();
        codes.merge(outcome.status().getCode(), 1, Integer::sum);
        problem(calls.get(i), outcome).ifPresent(problems::add);
      }
    }
    return new Report(calls.size(), Map.copyOf(codes), List.copyOf(problems));
  }

  private static java.util.Optional<String> problem(Call call, Outcome outcome) {
    Status status = outcome.status();
    Status.Code code = status.getCode();
    String where =
        call.method().getBareMethodName()
            + " with "
            + call.variant().description()
            + ": "
            + code
            + " "
            + Objects.toString(status.getDescription(), "")
            + (status.getCause() == null ? "" : " (client: " + status.getCause() + ")");
    if (code == Status.Code.INTERNAL || code == Status.Code.UNKNOWN) {
      return java.util.Optional.of(where);
    }
    if (code == Status.Code.OK) {
      return java.util.Optional.empty();
    }
    boolean serverStreams = !call.method().getType().serverSendsOneMessage();
    if (serverStreams && (code == Status.Code.DEADLINE_EXCEEDED || code == Status.Code.CANCELLED)) {
      return java.util.Optional.empty(); // the client's own deadline on a live stream
    }
    ErrorInfo info = errorInfo(status, outcome.trailers());
    if (info == null || info.getReason().isEmpty()) {
      return java.util.Optional.of(where + " (no ErrorInfo reason)");
    }
    return java.util.Optional.empty();
  }

  private static ErrorInfo errorInfo(Status status, Metadata trailers) {
    com.google.rpc.Status rich = StatusProto.fromStatusAndTrailers(status, trailers);
    if (rich == null) {
      return null;
    }
    for (var detail : rich.getDetailsList()) {
      if (detail.is(ErrorInfo.class)) {
        try {
          return detail.unpack(ErrorInfo.class);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
          return null;
        }
      }
    }
    return null;
  }

  // ---- variants -------------------------------------------------------------------------------

  /** One request as bytes, and what makes it hostile. */
  record Variant(String description, byte[] bytes) {}

  static List<Variant> variants(Message seed) {
    List<Variant> variants = new ArrayList<>();
    byte[] seedBytes = seed.toByteArray();
    variants.add(new Variant("the seed request", seedBytes));
    variants.add(new Variant("the empty request", new byte[0]));
    rawBytes(seedBytes, variants);
    List<List<FieldDescriptor>> paths = new ArrayList<>();
    collect(seed.getDescriptorForType(), new ArrayList<>(), paths);
    for (List<FieldDescriptor> path : paths) {
      FieldDescriptor leaf = path.getLast();
      String at = render(path);
      Message base = path.size() == 1 && leaf.getName().equals(REQUEST_ID) ? seed : fresh(seed);
      if (leaf.getJavaType() == FieldDescriptor.JavaType.STRING) {
        byte[] marked = with(base, path, b -> set(b, leaf, UTF8_MARKER)).toByteArray();
        variants.add(new Variant(at + " = invalid UTF-8", invalidUtf8(marked)));
      }
      for (Mutation mutation : mutations(leaf)) {
        Message variant = with(base, path, mutation.change());
        variants.add(new Variant(at + " = " + mutation.description(), variant.toByteArray()));
      }
    }
    return variants;
  }

  /**
   * The seed with a new {@value #REQUEST_ID}, if it has one: a variant that reuses the seed's would
   * stop at the idempotency check ({@code REQUEST_ID_REUSED}) instead of reaching the handler.
   */
  private static Message fresh(Message seed) {
    FieldDescriptor requestId = seed.getDescriptorForType().findFieldByName(REQUEST_ID);
    if (requestId == null
        || requestId.getJavaType() != FieldDescriptor.JavaType.STRING
        || requestId.isRepeated()) {
      return seed;
    }
    return seed.toBuilder().setField(requestId, java.util.UUID.randomUUID().toString()).build();
  }

  private static void rawBytes(byte[] seed, List<Variant> variants) {
    Random random = new Random(42);
    byte[] garbage = new byte[64];
    random.nextBytes(garbage);
    variants.add(new Variant("64 random bytes", garbage));
    variants.add(new Variant("0xFF 0xFF 0xFF", new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF}));
    variants.add(new Variant("a truncated varint", new byte[] {0x08, (byte) 0x80}));
    variants.add(new Variant("a length beyond the end", new byte[] {0x0A, 0x7F, 0x01}));
    variants.add(new Variant("an end group without a start", new byte[] {0x0C}));
    variants.add(new Variant("field number 0", new byte[] {0x00, 0x01}));
    ByteArrayOutputStream nested = new ByteArrayOutputStream();
    nested.writeBytes(seed);
    for (int i = 0; i < 200; i++) {
      nested.write((1000 << 3 | 3) & 0x7F | 0x80);
      nested.write((1000 << 3 | 3) >>> 7);
    }
    for (int i = 0; i < 200; i++) {
      nested.write((1000 << 3 | 4) & 0x7F | 0x80);
      nested.write((1000 << 3 | 4) >>> 7);
    }
    variants.add(new Variant("unknown groups nested 200 deep", nested.toByteArray()));
    byte[] trailing = Arrays.copyOf(seed, seed.length + 3);
    trailing[seed.length] = 0x0A;
    trailing[seed.length + 1] = 0x7F;
    trailing[seed.length + 2] = 0x00;
    variants.add(new Variant("the seed followed by garbage", trailing));
  }

  /** Every field to mutate: fields of the request and of its messages, {@value #MAX_DEPTH} deep. */
  private static void collect(
      Descriptor type, List<FieldDescriptor> above, List<List<FieldDescriptor>> paths) {
    if (above.size() >= MAX_DEPTH) {
      return;
    }
    for (FieldDescriptor field : type.getFields()) {
      List<FieldDescriptor> path = new ArrayList<>(above);
      path.add(field);
      paths.add(List.copyOf(path));
      if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE
          && !field.isMapField()
          && !isWellKnown(field.getMessageType())) {
        collect(field.getMessageType(), path, paths);
      }
    }
  }

  private static boolean isWellKnown(Descriptor type) {
    return type.getFullName().startsWith("google.");
  }

  /** A change of one field, given its builder's parent. */
  record Mutation(String description, Consumer<Message.Builder> change) {}

  private static List<Mutation> mutations(FieldDescriptor field) {
    List<Mutation> mutations = new ArrayList<>();
    if (field.isRepeated()) {
      mutations.add(new Mutation("[] (empty)", b -> b.clearField(field)));
      int maxItems = maxItems(field);
      for (int count :
          maxItems > 0
              ? new int[] {maxItems + 1, Math.min(maxItems * 10, 20_000)}
              : new int[] {1_001, 10_000}) {
        mutations.add(
            new Mutation(
                count + " items",
                b -> {
                  b.clearField(field);
                  Object item = smallValue(b, field);
                  for (int i = 0; i < count; i++) {
                    b.addRepeatedField(field, item);
                  }
                }));
      }
      if (field.isMapField()) {
        return mutations;
      }
    }
    for (Map.Entry<String, Object> value : values(field).entrySet()) {
      mutations.add(new Mutation(value.getKey(), b -> set(b, field, value.getValue())));
    }
    return mutations;
  }

  /** Hostile values for a field, by description. */
  private static Map<String, Object> values(FieldDescriptor field) {
    Map<String, Object> values = new LinkedHashMap<>();
    switch (field.getJavaType()) {
      case INT -> {
        values.put("Integer.MIN_VALUE", Integer.MIN_VALUE);
        values.put("-1", -1);
        values.put("Integer.MAX_VALUE", Integer.MAX_VALUE);
      }
      case LONG -> {
        values.put("Long.MIN_VALUE", Long.MIN_VALUE);
        values.put("-1", -1L);
        values.put("Long.MAX_VALUE", Long.MAX_VALUE);
      }
      case FLOAT -> {
        values.put("NaN", Float.NaN);
        values.put("-Infinity", Float.NEGATIVE_INFINITY);
        values.put("Float.MAX_VALUE", Float.MAX_VALUE);
      }
      case DOUBLE -> {
        values.put("NaN", Double.NaN);
        values.put("Infinity", Double.POSITIVE_INFINITY);
        values.put("-Double.MAX_VALUE", -Double.MAX_VALUE);
        values.put("4.9e-324", Double.MIN_VALUE);
      }
      case BOOLEAN -> values.put("true", true);
      case STRING -> {
        for (String text : HOSTILE_STRINGS) {
          values.put(describe(text), text);
        }
        int maxLen = maxLen(field);
        if (maxLen > 0) {
          values.put(maxLen + " emoji (the limit)", EMOJI.repeat(maxLen));
          values.put((maxLen + 1) + " emoji", EMOJI.repeat(maxLen + 1));
        }
      }
      case BYTE_STRING -> {
        values.put("empty bytes", ByteString.EMPTY);
        values.put("64 KiB of 0xFF", ByteString.copyFrom(filled(64 * 1024)));
      }
      case ENUM -> {
        EnumDescriptor type = field.getEnumType();
        for (int number : new int[] {999, -1, Integer.MAX_VALUE}) {
          values.put(
              "unknown enum value " + number, type.findValueByNumberCreatingIfUnknown(number));
        }
      }
      case MESSAGE -> values.putAll(messageValues(field.getMessageType()));
    }
    return values;
  }

  private static Map<String, Object> messageValues(Descriptor type) {
    Map<String, Object> values = new LinkedHashMap<>();
    switch (type.getFullName()) {
      case "google.protobuf.Timestamp" -> {
        values.put("Timestamp(seconds = Long.MAX_VALUE)", timestamp(Long.MAX_VALUE, 0));
        values.put("Timestamp(seconds = Long.MIN_VALUE)", timestamp(Long.MIN_VALUE, 0));
        values.put("Timestamp(year 10000)", timestamp(253_402_300_800L, 0));
        values.put("Timestamp(year 0)", timestamp(-62_135_596_801L, 0));
        values.put("Timestamp(nanos = 1e9)", timestamp(1_700_000_000L, 1_000_000_000));
        values.put("Timestamp(nanos = -1)", timestamp(1_700_000_000L, -1));
        values.put("Timestamp(epoch)", timestamp(0, 0));
        values.put(
            "Timestamp(9999-12-31T23:59:59.999999999Z)", timestamp(253_402_300_799L, 999_999_999));
      }
      case "google.protobuf.Duration" -> {
        values.put(
            "Duration(seconds = Long.MAX_VALUE)",
            Duration.newBuilder().setSeconds(Long.MAX_VALUE).build());
        values.put("Duration(-1s)", Duration.newBuilder().setSeconds(-1).build());
        values.put("Duration(nanos = 1e9)", Duration.newBuilder().setNanos(1_000_000_000).build());
        values.put("Duration(1s, -1ns)", Duration.newBuilder().setSeconds(1).setNanos(-1).build());
        values.put(
            "Duration(10000 years)", Duration.newBuilder().setSeconds(315_576_000_000L).build());
        values.put("Duration(0)", Duration.getDefaultInstance());
      }
      case "google.type.Money" -> {
        values.put("Money(EUR, units = Long.MAX_VALUE)", money("EUR", Long.MAX_VALUE, 0));
        values.put("Money(EUR, units = Long.MIN_VALUE)", money("EUR", Long.MIN_VALUE, 0));
        values.put("Money(EUR, nanos = 1e9)", money("EUR", 1, 1_000_000_000));
        values.put("Money(EUR, 1, -1ns)", money("EUR", 1, -1));
        values.put("Money(JPY, 0.5)", money("JPY", 0, 500_000_000));
        values.put("Money(EUR, 10000000.01)", money("EUR", 10_000_000, 10_000_000));
        values.put("Money(eur)", money("eur", 1, 0));
        values.put("Money(XXX)", money("XXX", 1, 0));
        values.put("Money(€)", money("€", 1, 0));
        values.put("Money(no currency)", money("", 1, 0));
      }
      case "google.protobuf.FieldMask" -> {
        values.put("FieldMask(\"\")", FieldMask.newBuilder().addPaths("").build());
        values.put("FieldMask(*)", FieldMask.newBuilder().addPaths("*").build());
        values.put(
            "FieldMask(no_such_field)", FieldMask.newBuilder().addPaths("no_such_field").build());
        values.put("FieldMask(a.b.c)", FieldMask.newBuilder().addPaths("a.b.c").build());
        values.put(
            "FieldMask(etag, update_time)",
            FieldMask.newBuilder().addPaths("etag").addPaths("update_time").build());
        FieldMask.Builder many = FieldMask.newBuilder();
        for (int i = 0; i < 1_000; i++) {
          many.addPaths("field_" + i);
        }
        values.put("FieldMask(1000 paths)", many.build());
      }
      default -> {
        values.put(
            "an empty " + type.getName(),
            com.google.protobuf.DynamicMessage.getDefaultInstance(type));
      }
    }
    return values;
  }

  // ---- building variants ----------------------------------------------------------------------

  /** {@code seed} with {@code change} applied to the builder holding {@code path}'s last field. */
  private static Message with(
      Message seed, List<FieldDescriptor> path, Consumer<Message.Builder> change) {
    return with(seed, path, 0, change);
  }

  private static Message with(
      Message message, List<FieldDescriptor> path, int depth, Consumer<Message.Builder> change) {
    Message.Builder builder = message.toBuilder();
    if (depth == path.size() - 1) {
      change.accept(builder);
      return builder.build();
    }
    FieldDescriptor field = path.get(depth);
    if (field.isRepeated()) {
      boolean present = builder.getRepeatedFieldCount(field) > 0;
      Message child =
          present
              ? (Message) builder.getRepeatedField(field, 0)
              : builder.newBuilderForField(field).build();
      Message changed = with(child, path, depth + 1, change);
      if (present) {
        builder.setRepeatedField(field, 0, changed);
      } else {
        builder.addRepeatedField(field, changed);
      }
    } else {
      builder.setField(field, with((Message) builder.getField(field), path, depth + 1, change));
    }
    return builder.build();
  }

  /** Sets a singular field, or makes a repeated one hold just {@code value}. */
  private static void set(Message.Builder builder, FieldDescriptor field, Object value) {
    Object converted = value;
    if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE
        && value instanceof Message m
        && (m instanceof com.google.protobuf.DynamicMessage
            || !m.getDescriptorForType().equals(field.getMessageType()))) {
      try {
        converted = builder.newBuilderForField(field).mergeFrom(m.toByteString()).buildPartial();
      } catch (com.google.protobuf.InvalidProtocolBufferException e) {
        throw new IllegalStateException(e);
      }
    }
    if (field.isRepeated()) {
      builder.clearField(field);
      builder.addRepeatedField(field, converted);
    } else {
      builder.setField(field, converted);
    }
  }

  /** A small element for a list: the empty message, zero, an empty string, the first value. */
  private static Object smallValue(Message.Builder builder, FieldDescriptor field) {
    return switch (field.getJavaType()) {
      case INT -> 0;
      case LONG -> 0L;
      case FLOAT -> 0f;
      case DOUBLE -> 0d;
      case BOOLEAN -> false;
      case STRING -> "x";
      case BYTE_STRING -> ByteString.EMPTY;
      case ENUM -> field.getEnumType().getValues().getFirst();
      case MESSAGE -> builder.newBuilderForField(field).build();
    };
  }

  private static byte[] invalidUtf8(byte[] encoded) {
    byte[] copy = encoded.clone();
    for (int i = 0; i + UTF8_MARKER_BYTES.length <= copy.length; i++) {
      if (Arrays.equals(
          copy, i, i + UTF8_MARKER_BYTES.length, UTF8_MARKER_BYTES, 0, UTF8_MARKER_BYTES.length)) {
        System.arraycopy(INVALID_UTF8, 0, copy, i, INVALID_UTF8.length);
        return copy;
      }
    }
    throw new IllegalStateException("the marker did not survive encoding");
  }

  private static int maxItems(FieldDescriptor field) {
    FieldRules rules = field.getOptions().getExtension(ValidateProto.field);
    return rules.hasRepeated() && rules.getRepeated().hasMaxItems()
        ? (int) Math.min(rules.getRepeated().getMaxItems(), 100_000)
        : 0;
  }

  private static int maxLen(FieldDescriptor field) {
    FieldRules rules = field.getOptions().getExtension(ValidateProto.field);
    return rules.hasString() && rules.getString().hasMaxLen()
        ? (int) Math.min(rules.getString().getMaxLen(), 100_000)
        : 0;
  }

  private static Timestamp timestamp(long seconds, int nanos) {
    return Timestamp.newBuilder().setSeconds(seconds).setNanos(nanos).build();
  }

  private static com.google.type.Money money(String currency, long units, int nanos) {
    return com.google.type.Money.newBuilder()
        .setCurrencyCode(currency)
        .setUnits(units)
        .setNanos(nanos)
        .build();
  }

  private static byte[] filled(int size) {
    byte[] bytes = new byte[size];
    Arrays.fill(bytes, (byte) 0xFF);
    return bytes;
  }

  private static String describe(String text) {
    if (text.length() > 40) {
      int characters = text.codePointCount(0, text.length());
      return characters + " × '" + new String(Character.toChars(text.codePointAt(0))) + "'";
    }
    StringBuilder shown = new StringBuilder("\"");
    text.codePoints()
        .forEach(
            c -> {
              if (c < 0x20 || (c >= 0x200B && c <= 0x202E) || c == 0xFEFF) {
                shown.append(String.format("\\u%04X", c));
              } else {
                shown.appendCodePoint(c);
              }
            });
    return shown.append('"').toString();
  }

  private static String render(List<FieldDescriptor> path) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < path.size(); i++) {
      if (i > 0) {
        text.append('.');
      }
      text.append(path.get(i).getName());
      if (path.get(i).isRepeated() && i < path.size() - 1) {
        text.append("[0]");
      }
    }
    return text.toString();
  }

  // ---- calling --------------------------------------------------------------------------------

  private record Outcome(Status status, Metadata trailers) {}

  private record Call(MethodDescriptor<?, ?> method, String token, Variant variant) {

    Outcome send(Channel channel) {
      MethodDescriptor<byte[], byte[]> raw =
          MethodDescriptor.<byte[], byte[]>newBuilder()
              .setType(method.getType())
              .setFullMethodName(method.getFullMethodName())
              .setRequestMarshaller(BYTES)
              .setResponseMarshaller(BYTES)
              .build();
      CallOptions options =
          method.getType().serverSendsOneMessage()
              ? CallOptions.DEFAULT.withDeadlineAfter(UNARY_DEADLINE_SECONDS, TimeUnit.SECONDS)
              : CallOptions.DEFAULT.withDeadlineAfter(
                  STREAM_DEADLINE_MILLIS, TimeUnit.MILLISECONDS);
      ClientCall<byte[], byte[]> call = channel.newCall(raw, options);
      CompletableFuture<Outcome> closed = new CompletableFuture<>();
      Metadata headers = new Metadata();
      headers.put(
          Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
      call.start(
          new ClientCall.Listener<>() {
            @Override
            public void onClose(Status status, Metadata trailers) {
              closed.complete(new Outcome(status, trailers));
            }
          },
          headers);
      call.request(Integer.MAX_VALUE);
      call.sendMessage(variant.bytes());
      call.halfClose();
      return closed.join();
    }
  }

  private static final class BytesMarshaller implements MethodDescriptor.Marshaller<byte[]> {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
