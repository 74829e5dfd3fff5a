package dev.fieldops.kernel.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PageTest {

  @Test
  void the_last_page_and_an_empty_page_have_no_next_cursor() {
    assertThat(Page.last(List.of(1, 2)).nextCursor()).isEmpty();
    assertThat(Page.<Integer>empty()).isEqualTo(new Page<Integer>(List.of(), Optional.empty()));
  }

  @Test
  void mapping_converts_the_items_and_keeps_the_cursor() {
    assertThat(new Page<>(List.of(1, 2), Optional.of("c")).map(i -> i * 10))
        .isEqualTo(new Page<>(List.of(10, 20), Optional.of("c")));
  }

  @Test
  void a_page_does_not_change_when_the_list_it_was_built_from_does() {
    var items = new ArrayList<>(List.of("a"));
    var page = Page.last(items);

    items.add("b");

    assertThat(page.items()).containsExactly("a");
  }

  @Test
  void the_next_cursor_is_never_null() {
    assertThatNullPointerException().isThrownBy(() -> new Page<>(List.of(), null));
  }
}
