package dev.fieldops.grpc;

import build.buf.protovalidate.Violation;
import build.buf.validate.FieldPath;
import build.buf.validate.FieldPathElement;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.rpc.BadRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns protovalidate violations of a request into {@code BadRequest} field violations whose {@code
 * field} is the full path of the offending field in the request, in the notation of AIP-193 and
 * protovalidate: {@code ticket.subject}, {@code invoice.lines[2].unit_price}, {@code
 * labels["key"]}.
 *
 * <p>protovalidate reports a standard rule ({@code min_len}, {@code required}, ...) at the field
 * that carries it, but a CEL rule at the field or message that declares it, although such a rule
 * often judges one field further down: {@code CreateTicketRequest.ticket} declares "the ticket's
 * subject is required" because {@code Ticket.subject} is optional in other requests. Such a rule
 * names the field it judges in its id, by this convention:
 *
 * <ul>
 *   <li>a rule on a field: {@code <field>.<path below it>.<rule>}, e.g. {@code
 *       ticket.subject.required} on the field {@code ticket};
 *   <li>a rule on a message: {@code <path below it>.<rule>}, e.g. {@code
 *       issue_end_time.after_start} on {@code ListInvoicesRequest}.
 * </ul>
 *
 * <p>The path is extended by the id's field names as long as each one is a field of the message
 * reached so far; an id that names no field ({@code money.positive} on a Money field) leaves the
 * path where protovalidate put it.
 */
public final class RequestViolations {

  /** How protovalidate names the rule that failed to evaluate. */
  private static final Pattern FAILED_RULE = Pattern.compile("error evaluating ([A-Za-z0-9_.]+)");

  private RequestViolations() {}

  /** The field violations of {@code violations}, found validating a message of {@code type}. */
  public static List<BadRequest.FieldViolation> of(Descriptor type, List<Violation> violations) {
    List<BadRequest.FieldViolation> fields = new ArrayList<>(violations.size());
    for (Violation violation : violations) {
      build.buf.validate.Violation proto = violation.toProto();
      fields.add(
          BadRequest.FieldViolation.newBuilder()
              .setField(path(type, proto))
              .setDescription(proto.getMessage())
              .setReason(proto.getRuleId())
              .build());
    }
    return fields;
  }

  /**
   * The violation of a request whose values a rule could not be evaluated on (protovalidate's
   * {@code ExecutionException}, e.g. an overflow subtracting timestamps centuries apart): at the
   * field the rule's id names, by the convention above, with the rule's id as reason.
   */
  public static BadRequest.FieldViolation unevaluable(Descriptor type, Exception failure) {
    String message = failure.getMessage() == null ? "" : failure.getMessage();
    Matcher id = FAILED_RULE.matcher(message);
    String ruleId = id.find() ? id.group(1) : "";
    String field =
        ruleId.isEmpty()
            ? ""
            : path(type, build.buf.validate.Violation.newBuilder().setRuleId(ruleId).build());
    return BadRequest.FieldViolation.newBuilder()
        .setField(field)
        .setDescription(
            "is out of the range rule " + (ruleId.isEmpty() ? "?" : ruleId) + " can check")
        .setReason(ruleId)
        .build();
  }

  /** The full path of the field {@code violation} is about, in a message of {@code type}. */
  static String path(Descriptor type, build.buf.validate.Violation violation) {
    StringBuilder path = new StringBuilder(render(violation.getField()));
    if (!isCelRule(violation.getRule()) || violation.getRuleId().isEmpty()) {
      return path.toString();
    }
    Descriptor reached = messageAt(type, violation.getField());
    if (reached == null) {
      return path.toString();
    }
    List<String> names = new ArrayList<>(Arrays.asList(violation.getRuleId().split("\\.")));
    names.removeLast(); // the rule's own name
    List<FieldPathElement> elements = violation.getField().getElementsList();
    if (!names.isEmpty()
        && !elements.isEmpty()
        && names.getFirst().equals(elements.getLast().getFieldName())
        && reached.findFieldByName(names.getFirst()) == null) {
      names.removeFirst(); // a field rule's id starts with the field's own name
    }
    StringBuilder below = new StringBuilder();
    Descriptor current = reached;
    for (String name : names) {
      FieldDescriptor field = current == null ? null : current.findFieldByName(name);
      if (field == null) {
        return path.toString(); // the id names no field: a plain rule name
      }
      below.append(below.isEmpty() && path.isEmpty() ? "" : ".").append(name);
      current =
          !field.isRepeated() && field.getJavaType() == FieldDescriptor.JavaType.MESSAGE
              ? field.getMessageType()
              : null;
    }
    return path.append(below).toString();
  }

  /**
   * Whether the rule that failed is a CEL expression: a field's {@code cel} rules, or a message's
   * (protovalidate reports those without a rule path).
   */
  private static boolean isCelRule(FieldPath rule) {
    List<FieldPathElement> elements = rule.getElementsList();
    return elements.isEmpty() || elements.getLast().getFieldName().equals("cel");
  }

  /** The message type the path leads to (the root for an empty path), or null at a scalar. */
  private static Descriptor messageAt(Descriptor root, FieldPath path) {
    Descriptor current = root;
    for (FieldPathElement element : path.getElementsList()) {
      FieldDescriptor field = current.findFieldByNumber(element.getFieldNumber());
      if (field == null) {
        return null;
      }
      if (field.isMapField()) {
        if (element.getSubscriptCase() == FieldPathElement.SubscriptCase.SUBSCRIPT_NOT_SET) {
          return null;
        }
        field = field.getMessageType().findFieldByName("value");
      } else if (field.isRepeated()
          && element.getSubscriptCase() == FieldPathElement.SubscriptCase.SUBSCRIPT_NOT_SET) {
        return null;
      }
      if (field.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
        return null;
      }
      current = field.getMessageType();
    }
    return current;
  }

  /** {@code a.b[2].c}, {@code labels["key"]}: the notation AIP-193 and protovalidate use. */
  static String render(FieldPath path) {
    StringBuilder text = new StringBuilder();
    for (FieldPathElement element : path.getElementsList()) {
      if (!text.isEmpty()) {
        text.append('.');
      }
      text.append(element.getFieldName());
      switch (element.getSubscriptCase()) {
        case INDEX -> text.append('[').append(element.getIndex()).append(']');
        case BOOL_KEY -> text.append('[').append(element.getBoolKey()).append(']');
        case INT_KEY -> text.append('[').append(element.getIntKey()).append(']');
        case UINT_KEY ->
            text.append('[').append(Long.toUnsignedString(element.getUintKey())).append(']');
        case STRING_KEY ->
            text.append("[\"").append(element.getStringKey().replace("\"", "\\\"")).append("\"]");
        case SUBSCRIPT_NOT_SET -> {}
      }
    }
    return text.toString();
  }
}
