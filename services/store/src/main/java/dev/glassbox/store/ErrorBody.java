package dev.glassbox.store;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The JSON body of every API error: what went wrong and, when it is about one, the call or parameter. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(String error, String callId, String field) {

  static ErrorBody forCall(String error, String callId) {
    return new ErrorBody(error, callId, null);
  }

  static ErrorBody forField(String error, String field) {
    return new ErrorBody(error, null, field);
  }
}
