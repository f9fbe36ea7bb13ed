package dev.glassbox.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.glassbox.core.call.CallKey;
import org.junit.jupiter.api.Test;

class LinksTest {

  @Test
  void callIdsStayOnePathSegmentAndTheTenantOneParameterWhateverTheyContain() {
    assertEquals("/calls/c-000123?tenant=acme", Links.callPage(new CallKey("acme", "c-000123")));
    assertEquals("/calls/a%2Fb%3Fc%20d?tenant=t%26x%3D1", Links.callPage(new CallKey("t&x=1", "a/b?c d")));
    assertEquals("/api/calls/%C3%A9t%C3%A9~_.?tenant=default", Links.callJson(new CallKey(null, "été~_.")));
  }
}
