package dev.glassbox.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LinksTest {

  @Test
  void callIdsStayOnePathSegmentWhateverTheyContain() {
    assertEquals("/calls/c-000123", Links.callPage("c-000123"));
    assertEquals("/calls/a%2Fb%3Fc%20d", Links.callPage("a/b?c d"));
    assertEquals("/api/calls/%C3%A9t%C3%A9~_.", Links.callJson("été~_."));
  }
}
