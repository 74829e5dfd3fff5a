package dev.fieldops.support.domain.ticket;

import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.kernel.Text;
import java.util.Objects;

/**
 * The staff user who owns a ticket, named by the principal subject of their token. Support keeps no
 * staff directory, so any well-formed subject is accepted.
 */
public record Assignee(String subject) {

  static final int MAX_LENGTH = 255;

  public Assignee {
    Objects.requireNonNull(subject, "subject");
    if (subject.isBlank()
        || !Text.atMost(subject, MAX_LENGTH)
        || !subject.strip().equals(subject)
        || subject.codePoints().anyMatch(Character::isISOControl)) {
      throw InvalidInputException.of(
          "INVALID_ASSIGNEE",
          "assignee",
          "a staff user's subject: 1-"
              + MAX_LENGTH
              + " printable characters, no surrounding spaces");
    }
  }

  @Override
  public String toString() {
    return subject;
  }
}
