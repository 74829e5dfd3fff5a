package dev.fieldops.support.domain.ticket;

import dev.fieldops.kernel.Text;
import dev.fieldops.support.domain.shared.InputCheck;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;

/** The rules for what people write on a ticket, shared by opening and editing it. */
final class TicketText {

  static final int MAX_SUBJECT = 200;
  static final int MAX_DESCRIPTION = 10_000;
  static final int MAX_TAGS = 20;
  private static final Pattern TAG = Pattern.compile("[a-z0-9][a-z0-9._-]{0,39}");

  private TicketText() {}

  static void checkSubject(InputCheck check, String subject) {
    check.require(!subject.isBlank(), "subject", "required");
    check.require(
        Text.atMost(subject, MAX_SUBJECT), "subject", "at most " + MAX_SUBJECT + " characters");
    check.require(
        subject.codePoints().noneMatch(Character::isISOControl),
        "subject",
        "a single line of printable text");
  }

  static void checkDescription(InputCheck check, String description) {
    check.require(
        Text.atMost(description, MAX_DESCRIPTION),
        "description",
        "at most " + MAX_DESCRIPTION + " characters");
    check.require(InputCheck.isPrintable(description), "description", "printable text");
  }

  static void checkTags(InputCheck check, List<String> tags) {
    check.require(tags.size() <= MAX_TAGS, "tags", "at most " + MAX_TAGS + " tags");
    var seen = new HashSet<String>();
    for (int i = 0; i < tags.size(); i++) {
      var tag = tags.get(i);
      check.require(
          TAG.matcher(tag).matches(),
          "tags[" + i + "]",
          "lower-case letters, digits, '.', '_' and '-', starting with a letter or digit, at most 40"
              + " characters");
      check.require(seen.add(tag), "tags[" + i + "]", "repeats an earlier tag");
    }
  }
}
