package dev.fieldops.kernel.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.kernel.InvalidInputException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PageRequestTest {

  @ParameterizedTest(name = "page_size {0} reads {1} items")
  @CsvSource({"0, 50", "1, 1", "50, 50", "500, 500", "501, 500", "10000, 500", "2147483647, 500"})
  void page_sizes_default_to_fifty_and_are_clamped_at_five_hundred(int requested, int size) {
    assertThat(PageRequest.of(requested, "").size()).isEqualTo(size);
    assertThat(PageRequest.sizeFor(requested)).isEqualTo(size);
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, -3, Integer.MIN_VALUE})
  void a_negative_page_size_is_invalid(int requested) {
    for (var attempt :
        List.<Runnable>of(
            () -> PageRequest.of(requested, ""), () -> PageRequest.sizeFor(requested))) {
      assertThatThrownBy(attempt::run)
          .isInstanceOfSatisfying(
              InvalidInputException.class,
              e -> {
                assertThat(e.reason()).isEqualTo("INVALID_PAGE_SIZE");
                assertThat(e.violations().getFirst().field()).isEqualTo("page_size");
              });
    }
  }

  @Test
  void an_empty_page_token_means_the_first_page() {
    assertThat(PageRequest.of(10, "").afterCursor()).isEmpty();
    assertThat(PageRequest.of(10, null).afterCursor()).isEmpty();
    assertThat(PageRequest.of(7, "abc").afterCursor()).contains("abc");
  }

  @Test
  void the_next_page_keeps_the_size_and_resumes_after_the_cursor() {
    var next = PageRequest.first(3).after("c1");

    assertThat(PageRequest.first(3).afterCursor()).isEmpty();
    assertThat(next).isEqualTo(new PageRequest(3, Optional.of("c1")));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 501})
  void a_page_is_one_to_five_hundred_items(int size) {
    assertThatIllegalArgumentException().isThrownBy(() -> PageRequest.first(size));
  }

  @Test
  void an_unreadable_cursor_is_an_invalid_page_token_on_page_token() {
    var error = PageRequest.invalidCursor();

    assertThat(error.reason()).isEqualTo("INVALID_PAGE_TOKEN");
    assertThat(error.violations().getFirst().field()).isEqualTo("page_token");
  }
}
