package dev.fieldops.support.domain.ticket;

import dev.fieldops.kernel.Text;
import dev.fieldops.support.domain.shared.Actor;
import dev.fieldops.support.domain.shared.InputCheck;
import java.time.Instant;
import java.util.Objects;

/**
 * One entry of a ticket's conversation. Comments are never edited or deleted. They are not loaded
 * with the ticket (a ticket may collect many); the ticket hands new ones to its repository through
 * {@link Ticket#pullAddedComments()} and queries read them back.
 */
public record TicketComment(
    CommentId commentId,
    TicketId ticketId,
    CommentVisibility visibility,
    Actor author,
    String body,
    Instant createTime) {

  static final int MAX_BODY = 10_000;

  public TicketComment {
    Objects.requireNonNull(commentId, "commentId");
    Objects.requireNonNull(ticketId, "ticketId");
    Objects.requireNonNull(visibility, "visibility");
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(createTime, "createTime");
  }

  static void checkBody(String body) {
    InputCheck.of("INVALID_COMMENT")
        .require(!body.isBlank(), "body", "required")
        .require(Text.atMost(body, MAX_BODY), "body", "at most " + MAX_BODY + " characters")
        .require(InputCheck.isPrintable(body), "body", "printable text")
        .orThrow();
  }

  /** Whether a customer may read this comment. */
  public boolean isPublic() {
    return visibility == CommentVisibility.PUBLIC;
  }
}
