package dev.fieldops.invoicing.domain.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.kernel.InvalidInputException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PageRequestTest {

  @ParameterizedTest(name = "page_size {0} reads {1} items")
  @CsvSource({"0, 50", "1, 1", "50, 50", "500, 500", "501, 500", "100000, 500"})
  void page_sizes_default_to_fifty_and_are_clamped_at_five_hundred(int requested, int size) {
    assertThat(PageRequest.of(requested, "").size()).isEqualTo(size);
  }

  @Test
  void a_negative_page_size_is_invalid() {
    assertThatThrownBy(() -> PageRequest.of(-1, ""))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> assertThat(e.violations().getFirst().field()).isEqualTo("page_size"));
  }

  @Test
  void an_empty_page_token_means_the_first_page() {
    assertThat(PageRequest.of(10, "").afterCursor()).isEmpty();
    assertThat(PageRequest.of(10, null).afterCursor()).isEmpty();
    assertThat(PageRequest.of(10, "abc").afterCursor()).contains("abc");
  }

  @Test
  void the_last_page_has_no_next_cursor_and_mapping_keeps_the_cursor() {
    assertThat(Page.last(List.of(1, 2)).nextCursor()).isEmpty();
    assertThat(new Page<>(List.of(1, 2), Optional.of("c")).map(i -> i * 10))
        .isEqualTo(new Page<>(List.of(10, 20), Optional.of("c")));
  }
}
