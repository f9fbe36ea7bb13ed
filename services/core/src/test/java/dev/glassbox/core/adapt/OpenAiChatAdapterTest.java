package dev.glassbox.core.adapt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.glassbox.core.call.Call;
import dev.glassbox.core.json.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenAiChatAdapterTest {

  private final OpenAiChatAdapter adapter = new OpenAiChatAdapter();

  private static JsonNode json(String s) {
    try {
      return Json.readTree(s);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  // The chat completions reference's "Logprobs" example (gpt-4o-mini, logprobs: true, top_logprobs: 2),
  // shortened to its first two tokens, with n = 2 so a second choice is logged.
  private static final String LOGPROBS_PAIR = """
      {"request": {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Hello!"}],
                   "logprobs": true, "top_logprobs": 2, "n": 2},
       "response": {"id": "chatcmpl-123", "object": "chat.completion", "created": 1702685778, "model": "gpt-4o-mini",
         "choices": [
           {"index": 0, "message": {"role": "assistant", "content": "Hello!"},
            "logprobs": {"content": [
              {"token": "Hello", "logprob": -0.31725305, "bytes": [72, 101, 108, 108, 111],
               "top_logprobs": [{"token": "Hello", "logprob": -0.31725305, "bytes": [72, 101, 108, 108, 111]},
                                {"token": "Hi", "logprob": -1.3190403, "bytes": [72, 105]}]},
              {"token": "!", "logprob": -0.02380986, "bytes": [33],
               "top_logprobs": [{"token": "!", "logprob": -0.02380986, "bytes": [33]},
                                {"token": " there", "logprob": -3.787621, "bytes": [32, 116, 104, 101, 114, 101]}]}],
              "refusal": null},
            "finish_reason": "stop"},
           {"index": 1, "message": {"role": "assistant", "content": "Hi there!"},
            "logprobs": {"content": [{"token": "Hi", "logprob": -1.3190403, "top_logprobs": []}]}, "finish_reason": "stop"}],
         "usage": {"prompt_tokens": 9, "completion_tokens": 9, "total_tokens": 18}}}
      """;

  @Test
  void theReferenceLogprobsExampleMapsEveryFieldTheSignalsNeed() {
    Adapted a = adapter.adapt(json(LOGPROBS_PAIR));
    assertTrue(a.isValid(), a.reason());
    Call c = a.call();
    assertEquals("chatcmpl-123", c.id());
    assertEquals("2023-12-16T00:16:18Z", c.timestamp().toString());
    assertEquals("gpt-4o-mini", c.model());
    assertEquals("openai", c.app());
    assertEquals(List.of(new dev.glassbox.core.call.Message("user", "Hello!")), c.prompt());
    assertEquals("Hello!", c.response());
    assertEquals(List.of("Hi there!"), c.samples());
    assertEquals(2, c.logprobs().size());
    assertEquals("Hello", c.logprobs().get(0).token());
    assertEquals(-0.31725305, c.logprobs().get(0).logprob(), 0);
    assertEquals(" there", c.logprobs().get(1).topLogprobs().get(1).token());
    assertEquals(-3.787621, c.logprobs().get(1).topLogprobs().get(1).logprob(), 0);
    @SuppressWarnings("unchecked")
    Map<String, Object> notes = (Map<String, Object>) c.attributes().get("glassbox");
    assertEquals("openai.chat_completions", notes.get("format"));
    assertEquals(List.of("no app given; used 'openai'",
        "logprobs of choices [1] dropped: call v1 keeps log-probs for the response only"), notes.get("mapping_warnings"));
    assertEquals(a.warnings(), notes.get("mapping_warnings"));
  }

  @Test
  void toolAndFunctionMessagesStayPromptMessagesWithTheirRole() {
    // The function-calling flow of the reference: the assistant asks for a tool, the tool answers.
    Adapted a = adapter.adapt(json("""
        {"app": "weather-bot", "tenant": "acme",
         "request": {"model": "gpt-4o", "metadata": {"app": "ignored-when-pair-has-app"}, "messages": [
           {"role": "developer", "content": [{"type": "text", "text": "Answer briefly."}]},
           {"role": "user", "content": [{"type": "text", "text": "What's the weather like in Boston today?"},
                                        {"type": "image_url", "image_url": {"url": "https://example.com/b.png"}}]},
           {"role": "assistant", "content": null, "tool_calls": [{"id": "call_abc123", "type": "function",
              "function": {"name": "get_current_weather", "arguments": "{\\"location\\": \\"Boston, MA\\"}"}}]},
           {"role": "tool", "tool_call_id": "call_abc123", "content": "{\\"temperature\\": 22, \\"unit\\": \\"celsius\\"}"},
           {"role": "function", "name": "legacy_fn", "content": "done"}]},
         "response": {"id": "chatcmpl-abc123", "object": "chat.completion", "created": 1699896916, "model": "gpt-4o-0613",
           "choices": [{"index": 0, "message": {"role": "assistant", "content": "It is 22 °C in Boston."}, "logprobs": null,
                        "finish_reason": "stop"}]}}
        """));
    assertTrue(a.isValid(), a.reason());
    Call c = a.call();
    assertEquals("weather-bot", c.app());
    assertEquals("acme", c.tenant());
    assertEquals(List.of("developer", "user", "assistant", "tool", "function"),
        c.prompt().stream().map(dev.glassbox.core.call.Message::role).toList());
    assertEquals("[tool call] get_current_weather({\"location\": \"Boston, MA\"})", c.prompt().get(2).content());
    assertEquals("{\"temperature\": 22, \"unit\": \"celsius\"}", c.prompt().get(3).content());
    assertEquals(List.of("request.messages[1].content[1]: image_url part dropped (only text is kept)"), a.warnings());
    assertFalse(c.hasLogprobs());
  }

  @Test
  void aToolCallResponseIsWrittenOutAndSaysSo() {
    Adapted a = adapter.adapt(json("""
        {"app": "a", "request": {"messages": [{"role": "user", "content": "Weather?"}]},
         "response": {"id": "x", "created": 1, "model": "m", "choices": [{"index": 0, "message": {"role": "assistant",
           "content": null, "tool_calls": [{"id": "c", "type": "function", "function": {"name": "w", "arguments": "{}"}}]}}]}}
        """));
    assertTrue(a.isValid(), a.reason());
    assertEquals("[tool call] w({})", a.call().response());
    assertEquals(List.of("response.choices[0] is a tool call; written out as text"), a.warnings());
  }

  @Test
  void theLegacyCompletionsShapeWithLogprobs() {
    // The completions reference example ("This is indeed a test") with logprobs: 2 logged.
    Adapted a = adapter.adapt(json("""
        {"app": "legacy", "request": {"model": "gpt-3.5-turbo-instruct", "prompt": "Say this is a test", "logprobs": 2, "n": 2},
         "response": {"id": "cmpl-uqkvlQyYK7bGYrRHQ0eXlWi7", "object": "text_completion", "created": 1589478378,
           "model": "gpt-3.5-turbo-instruct", "choices": [
             {"text": "This is indeed a test", "index": 0, "finish_reason": "length",
              "logprobs": {"tokens": ["This", " is", " indeed", " a", " test"],
                           "token_logprobs": [-0.1, -0.01, -1.2, -0.02, -0.03],
                           "top_logprobs": [{"This": -0.1, "It": -2.6}, {" is": -0.01}, {" indeed": -1.2, " a": -0.5},
                                            {" a": -0.02}, {" test": -0.03}],
                           "text_offset": [0, 4, 7, 14, 16]}},
             {"text": "This is a test", "index": 1, "finish_reason": "stop", "logprobs": null}]}}
        """));
    assertTrue(a.isValid(), a.reason());
    Call c = a.call();
    assertEquals("Say this is a test", c.promptText());
    assertEquals("This is indeed a test", c.response());
    assertEquals(List.of("This is a test"), c.samples());
    assertEquals(5, c.logprobs().size());
    assertEquals(" a", c.logprobs().get(2).topLogprobs().get(1).token());
    assertEquals(-0.5, c.logprobs().get(2).topLogprobs().get(1).logprob(), 0);
    assertEquals("openai.completions", ((Map<?, ?>) c.attributes().get("glassbox")).get("format"));
    assertTrue(a.warnings().isEmpty(), a.warnings().toString());
  }

  @Test
  void requestedButMissingLogprobsAndFewerChoicesThanAskedAreWarnings() {
    Adapted a = adapter.adapt(json("""
        {"app": "a", "request": {"messages": [{"role": "user", "content": "Hi"}], "logprobs": true, "n": 3},
         "response": {"id": "x", "created": 1, "model": "m", "choices": [
           {"index": 1, "message": {"role": "assistant", "content": "Hey"}},
           {"index": 0, "message": {"role": "assistant", "content": "Hello"}}]}}
        """));
    assertTrue(a.isValid(), a.reason());
    assertEquals("Hello", a.call().response());
    assertEquals(List.of("Hey"), a.call().samples());
    assertEquals(List.of("logprobs requested but missing for choice 0",
        "request asked n=3 but the response has 2 choices"), a.warnings());
  }

  @Test
  void malformedPairsAreClearErrorsNeverExceptions() {
    assertEquals("$: must be a JSON object {\"request\": ..., \"response\": ...}", adapter.adapt(json("[1]")).reason());
    assertEquals("$: must be a JSON object {\"request\": ..., \"response\": ...}", adapter.adapt(null).reason());
    assertEquals("request: required: the logged request body (an object); "
        + "response: required: the logged response body (an object)", adapter.adapt(json("{}")).reason());
    Adapted noChoices = adapter.adapt(json("""
        {"request": {"messages": [{"role": "user", "content": "Hi"}]}, "response": {"id": "x", "created": 1, "model": "m", "choices": []}}
        """));
    assertEquals("response.choices: required: a non-empty array", noChoices.reason());
    assertEquals("x", noChoices.id());
    Adapted badLogprob = adapter.adapt(json("""
        {"request": {"messages": [{"content": "Hi"}, 7]}, "response": {"id": "x", "created": "yesterday", "model": "m",
         "choices": [{"index": 0, "message": {"content": "Hi"}, "logprobs": {"content": [{"token": "Hi", "logprob": 0.5}]}}]}}
        """));
    assertEquals("response.created: required (unix seconds) unless the pair has a timestamp; "
        + "request.messages[0].role: required; request.messages[1]: must be an object with role and content; "
        + "logprobs[0].logprob: must be a finite number <= 0", badLogprob.reason());
    assertNull(badLogprob.call());
    assertEquals("response.object: streamed chunks are not supported: log the assembled chat.completion",
        adapter.adapt(json("{\"request\": {\"messages\": []}, \"response\": {\"object\": \"chat.completion.chunk\"}}"))
            .errors().get(0).toString());
    Adapted legacyTokens = adapter.adapt(json("""
        {"request": {"prompt": [1, 2, 3]}, "response": {"id": "x", "created": 1, "model": "m", "object": "text_completion",
         "choices": [{"text": "a", "index": 0, "logprobs": {"tokens": ["a"], "token_logprobs": []}}]}}
        """));
    assertEquals("request.prompt: required: a string (token-id prompts cannot be read); "
        + "response.choices[0].logprobs: tokens (1) and token_logprobs (0) differ in length", legacyTokens.reason());
  }
}
