package dev.glassbox.store;

import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/** Names UTF-8 on every text or JSON answer that names no charset, so that no browser guesses another one. */
public class Utf8ContentType {

  @ServerResponseFilter
  public void nameCharset(ContainerResponseContext response) {
    MediaType type = response.getMediaType();
    if (type == null || type.getParameters().containsKey(MediaType.CHARSET_PARAMETER)) return;
    if (type.getType().equals("text") || type.getSubtype().equals("json") || type.getSubtype().endsWith("+json")) {
      response.getHeaders().putSingle(HttpHeaders.CONTENT_TYPE, type.withCharset("utf-8"));
    }
  }
}
