package dev.glassbox.core.eval;

import dev.glassbox.core.call.Call;
import dev.glassbox.core.call.Message;
import dev.glassbox.core.call.Passage;
import java.util.List;

/**
 * Constructed variants of labelled calls that must not change a verdict: the same call with its context
 * moved into the prompt in the templates applications use, and the same response framed longer with its
 * meaning kept. Labels are kept; model selection and {@code glassbox eval} compare scores across them.
 */
public final class Variants {

  /** The prompt templates, chosen per call by a hash of its id so every template is exercised. */
  public static final int TEMPLATES = 4;

  private Variants() {}

  /** The call with its context passages inside the prompt (no context logged), in template {@code id hash mod 4}. */
  public static Call sourceInPrompt(Call c) {
    if (!c.hasContext()) return c;
    String docs = String.join("\n\n", c.context().stream().map(Passage::text).toList());
    String question = c.promptText();
    List<Message> prompt = switch (Math.floorMod(c.id().hashCode(), TEMPLATES)) {
      case 0 -> List.of(new Message("user", "Answer the question using the passage below.\n\nPassage: " + docs
          + "\n\nQuestion: " + question));
      case 1 -> List.of(new Message("system", "You are a helpful assistant. Answer only from the documents.\n<documents>\n"
          + docs + "\n</documents>"), new Message("user", question));
      case 2 -> List.of(new Message("user", "Context information is below.\n---------------------\n" + docs
          + "\n---------------------\nGiven the context information and not prior knowledge, answer the query.\nQuery: "
          + question + "\nAnswer:"));
      default -> List.of(new Message("user", question), new Message("assistant", "[tool call] search({\"query\": \""
          + question.replace("\"", "'") + "\"})"), new Message("tool", docs));
    };
    return with(c, prompt, List.of(), c.response());
  }

  /** The call with its response framed in a longer sentence that says the same ("Based on the passage, …"). */
  public static Call lengthened(Call c) {
    String r = c.response().strip();
    return with(c, c.prompt(), c.context(), "Based on the passage provided, the answer is: " + r + (r.endsWith(".") ? "" : "."));
  }

  private static Call with(Call c, List<Message> prompt, List<Passage> context, String response) {
    return new Call(c.id(), c.timestamp(), c.app(), c.model(), c.tenant(), prompt, response,
        context, c.logprobs(), c.samples(), c.attributes(), c.labels());
  }
}
