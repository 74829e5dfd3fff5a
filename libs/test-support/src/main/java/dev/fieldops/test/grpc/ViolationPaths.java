package dev.fieldops.test.grpc;

import build.buf.protovalidate.ValidationResult;
import build.buf.protovalidate.Validator;
import build.buf.protovalidate.ValidatorFactory;
import build.buf.protovalidate.exceptions.ValidationException;
import build.buf.validate.FieldRules;
import build.buf.validate.ValidateProto;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.rpc.BadRequest;
import dev.fieldops.grpc.RequestViolations;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Walks every field of every request of a service from its descriptors, breaks each field's
 * declared rules one at a time, validates the request as the server does ({@link
 * RequestViolations}) and collects every field violation whose path does not name the offending
 * field:
 *
 * <ul>
 *   <li>every violation's path is not empty and names a field of the request, level by level
 *       ({@code invoice.lines[0].unit_price});
 *   <li>a violation whose description names a field of the request ({@code "ticket.subject is
 *       required"}) is reported at that field, not at its parent;
 *   <li>breaking a field with a standard rule ({@code min_len}, {@code required}, ...) produces
 *       violations at that field or below it only (cross-field CEL rules may point elsewhere, at
 *       the field they name).
 * </ul>
 *
 * <pre>{@code
 * assertThat(ViolationPaths.check(CustomerSupportServiceGrpc.getServiceDescriptor()).problems())
 *     .isEmpty();
 * }</pre>
 */
public final class ViolationPaths {

  private static final int MAX_DEPTH = 4;
  private static final Pattern DOTTED_NAME =
      Pattern.compile(
          "\\b[a-z][a-z0-9_]*(?:\\[[0-9]+\\])?(?:\\.[a-z][a-z0-9_]*(?:\\[[0-9]+\\])?)+\\b");
  private static final Pattern SEGMENT = Pattern.compile("([a-z][a-z0-9_]*)(\\[[^\\]]*\\])?");
  private static final List<String> STANDARD_RULE_PREFIXES =
      List.of(
          "required",
          "string.",
          "bytes.",
          "int32.",
          "int64.",
          "uint32.",
          "uint64.",
          "sint32.",
          "sint64.",
          "fixed32.",
          "fixed64.",
          "sfixed32.",
          "sfixed64.",
          "float.",
          "double.",
          "bool.",
          "enum.",
          "repeated.",
          "map.",
          "any.",
          "duration.",
          "timestamp.",
          "field_mask.",
          "message.");

  private ViolationPaths() {}

  /** What was checked, and what was wrong. */
  public record Report(int requestsValidated, List<String> problems) {}

  /**
   * Checks every request type of {@code service}.
   *
   * @return the problems found, one line each; empty when every path names its field
   */
  public static Report check(ServiceDescriptor service) {
    Validator validator = ValidatorFactory.newBuilder().build();
    Problems problems = new Problems();
    int validated = 0;
    Set<String> seenTypes = new HashSet<>();
    for (MethodDescriptor<?, ?> method : service.getMethods()) {
      if (!(method.getRequestMarshaller() instanceof MethodDescriptor.PrototypeMarshaller<?> m)
          || !(m.getMessagePrototype() instanceof Message prototype)) {
        problems.add(method.getFullMethodName(), "", "request is not a protobuf message");
        continue;
      }
      if (!seenTypes.add(prototype.getDescriptorForType().getFullName())) {
        continue;
      }
      Checker checker = new Checker(validator, prototype, problems);
      validated += checker.run();
    }
    return new Report(validated, problems.lines());
  }

  /** Problems, each reported once with the first request that showed it. */
  private static final class Problems {

    private final Map<String, String> firstSeen = new LinkedHashMap<>();

    void add(String type, String request, String problem) {
      firstSeen.putIfAbsent(type + ": " + problem, request);
    }

    List<String> lines() {
      List<String> lines = new ArrayList<>();
      firstSeen.forEach((problem, request) -> lines.add(problem + " (e.g. with " + request + ")"));
      return List.copyOf(lines);
    }
  }

  /** A field to break: the fields from the request down to it, repeated ones at index 0. */
  private record Site(List<FieldDescriptor> fields, boolean wholeList) {

    String path() {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < fields.size(); i++) {
        FieldDescriptor field = fields.get(i);
        if (i > 0) {
          text.append('.');
        }
        text.append(field.getName());
        boolean last = i == fields.size() - 1;
        if (field.isRepeated() && !field.isMapField() && !(last && wholeList)) {
          text.append("[0]");
        }
      }
      return text.toString();
    }

    FieldDescriptor leaf() {
      return fields.getLast();
    }
  }

  private static final class Checker {

    private final Validator validator;
    private final Message prototype;
    private final Descriptor type;
    private final Problems problems;
    private int validated;

    Checker(Validator validator, Message prototype, Problems problems) {
      this.validator = validator;
      this.prototype = prototype;
      this.type = prototype.getDescriptorForType();
      this.problems = problems;
    }

    int run() {
      List<BadRequest.FieldViolation> empty = validate(prototype, "the empty request");
      checkEach(empty, "the empty request");
      List<Site> sites = new ArrayList<>();
      collect(type, new ArrayList<>(), sites);
      for (Site site : sites) {
        Message parentsOnly = build(site, null);
        List<BadRequest.FieldViolation> baseline = validate(parentsOnly, site.path() + " unset");
        checkEach(baseline, site.path() + " unset");
        for (Object bad : badValues(site)) {
          String what = site.path() + " = " + describe(bad);
          Message variant = build(site, bad);
          List<BadRequest.FieldViolation> found = validate(variant, what);
          checkEach(found, what);
          for (BadRequest.FieldViolation v : found) {
            if (baseline.contains(v) || !isStandardRule(v.getReason())) {
              continue;
            }
            String at = v.getField();
            if (!at.equals(site.path())
                && !at.startsWith(site.path() + ".")
                && !at.startsWith(site.path() + "[")) {
              problems.add(
                  type.getName(),
                  what,
                  "rule " + v.getReason() + " reported at '" + at + "', not at the field broken");
            }
          }
        }
      }
      return validated;
    }

    private void collect(Descriptor message, List<FieldDescriptor> above, List<Site> sites) {
      if (above.size() >= MAX_DEPTH) {
        return;
      }
      for (FieldDescriptor field : message.getFields()) {
        if (field.isMapField()) {
          continue;
        }
        List<FieldDescriptor> path = new ArrayList<>(above);
        path.add(field);
        if (field.isRepeated()) {
          sites.add(new Site(List.copyOf(path), true));
        }
        sites.add(new Site(List.copyOf(path), false));
        if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE
            && !field.getMessageType().getFullName().startsWith("google.")) {
          collect(field.getMessageType(), path, sites);
        }
      }
    }

    /** The request with the site's parents present (empty) and the site set to {@code value}. */
    private Message build(Site site, Object value) {
      Message.Builder root = prototype.newBuilderForType();
      setPath(root, site, 0, value);
      return root.build();
    }

    private void setPath(Message.Builder builder, Site site, int level, Object value) {
      FieldDescriptor field = site.fields().get(level);
      boolean last = level == site.fields().size() - 1;
      if (last) {
        if (value == null) {
          return;
        }
        if (site.wholeList()) {
          for (Object element : (List<?>) value) {
            builder.addRepeatedField(field, element);
          }
        } else if (field.isRepeated()) {
          builder.addRepeatedField(field, value);
        } else {
          builder.setField(field, value);
        }
        return;
      }
      Message.Builder child = builder.newBuilderForField(field);
      setPath(child, site, level + 1, value);
      if (field.isRepeated()) {
        builder.addRepeatedField(field, child.build());
      } else {
        builder.setField(field, child.build());
      }
    }

    private List<Object> badValues(Site site) {
      FieldDescriptor field = site.leaf();
      FieldRules rules = field.getOptions().getExtension(ValidateProto.field);
      List<Object> values = new ArrayList<>();
      if (site.wholeList()) {
        int maxItems =
            rules.getRepeated().hasMaxItems()
                ? (int) Math.min(rules.getRepeated().getMaxItems() + 1, 2_000)
                : 0;
        if (maxItems > 0) {
          List<Object> many = new ArrayList<>();
          for (int i = 0; i < maxItems; i++) {
            many.add(element(site));
          }
          values.add(many);
        }
        return values;
      }
      switch (field.getJavaType()) {
        case STRING -> {
          values.add("");
          values.add(" ");
          values.add("not valid \u0001");
          values.add(
              "x"
                  .repeat(
                      rules.getString().hasMaxLen()
                          ? (int) Math.min(rules.getString().getMaxLen() + 1, 100_000)
                          : 5_000));
        }
        case INT -> {
          values.add(-1);
          values.add(Integer.MIN_VALUE);
          values.add(Integer.MAX_VALUE);
        }
        case LONG -> {
          values.add(-1L);
          values.add(Long.MIN_VALUE);
          values.add(Long.MAX_VALUE);
        }
        case DOUBLE -> {
          values.add(Double.NaN);
          values.add(-1e308);
          values.add(1e308);
        }
        case FLOAT -> {
          values.add(Float.NaN);
          values.add(-1e38f);
        }
        case BOOLEAN -> values.add(true);
        case ENUM -> values.add(field.getEnumType().findValueByNumberCreatingIfUnknown(999));
        case MESSAGE -> {
          values.add(leafBuilder(site).build());
          String name = field.getMessageType().getFullName();
          if (name.equals("google.protobuf.Timestamp") || name.equals("google.protobuf.Duration")) {
            values.add(timeLike(site, -1L));
            values.add(timeLike(site, 400_000_000_000L));
          }
        }
        case BYTE_STRING -> values.add(ByteString.copyFromUtf8("x".repeat(5_000)));
      }
      return values;
    }

    private Object element(Site site) {
      FieldDescriptor field = site.leaf();
      return switch (field.getJavaType()) {
        case MESSAGE -> leafBuilder(site).build();
        case ENUM -> field.getEnumType().getValues().getFirst();
        case STRING -> "x";
        case INT -> 1;
        case LONG -> 1L;
        case DOUBLE -> 1.0;
        case FLOAT -> 1.0f;
        case BOOLEAN -> true;
        case BYTE_STRING -> ByteString.EMPTY;
      };
    }

    private Message timeLike(Site site, long seconds) {
      Message.Builder builder = leafBuilder(site);
      builder.setField(site.leaf().getMessageType().findFieldByName("seconds"), seconds);
      return builder.build();
    }

    /** A builder of the (generated) message type of the site's field. */
    private Message.Builder leafBuilder(Site site) {
      Message.Builder builder = prototype.newBuilderForType();
      for (FieldDescriptor field : site.fields()) {
        builder = builder.newBuilderForField(field);
      }
      return builder;
    }

    private List<BadRequest.FieldViolation> validate(Message message, String what) {
      validated++;
      try {
        ValidationResult result = validator.validate(message);
        return RequestViolations.of(type, result.getViolations());
      } catch (ValidationException e) {
        problems.add(type.getName(), what, "rules do not evaluate: " + e.getMessage());
        return List.of();
      }
    }

    private void checkEach(List<BadRequest.FieldViolation> violations, String what) {
      for (BadRequest.FieldViolation v : violations) {
        String path = v.getField();
        if (path.isEmpty()) {
          problems.add(
              type.getName(),
              what,
              "rule " + v.getReason() + " (\"" + v.getDescription() + "\") names no field");
          continue;
        }
        if (!resolves(path)) {
          problems.add(type.getName(), what, "path '" + path + "' is not a field of the request");
          continue;
        }
        Matcher named = DOTTED_NAME.matcher(v.getDescription());
        while (named.find()) {
          String mentioned = named.group();
          if (resolves(mentioned) && !stripIndexes(path).equals(stripIndexes(mentioned))) {
            problems.add(
                type.getName(),
                what,
                "rule "
                    + v.getReason()
                    + " reported at '"
                    + path
                    + "' but its description is about '"
                    + mentioned
                    + "'");
          }
        }
      }
    }

    private boolean resolves(String path) {
      Descriptor current = type;
      for (String segment : path.split("\\.")) {
        Matcher m = SEGMENT.matcher(segment);
        if (current == null || !m.matches()) {
          return false;
        }
        FieldDescriptor field = current.findFieldByName(m.group(1));
        if (field == null) {
          return false;
        }
        current =
            field.getJavaType() == FieldDescriptor.JavaType.MESSAGE
                ? field.isMapField()
                    ? field.getMessageType().findFieldByName("value").getJavaType()
                            == FieldDescriptor.JavaType.MESSAGE
                        ? field.getMessageType().findFieldByName("value").getMessageType()
                        : null
                    : field.getMessageType()
                : null;
      }
      return true;
    }

    private static String stripIndexes(String path) {
      return path.replaceAll("\\[[^\\]]*\\]", "");
    }

    private static boolean isStandardRule(String ruleId) {
      return STANDARD_RULE_PREFIXES.stream().anyMatch(ruleId::startsWith);
    }

    private static String describe(Object value) {
      String text =
          value instanceof Message m
              ? "{" + m.toString().replace('\n', ' ').trim() + "}"
              : value instanceof List<?> list ? list.size() + " items" : String.valueOf(value);
      return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
  }
}
