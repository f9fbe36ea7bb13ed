package dev.glassbox.core.eval;

import dev.glassbox.core.call.Call;
import dev.glassbox.core.call.Message;
import dev.glassbox.core.prompting.Numbers;
import dev.glassbox.core.prompting.ReasoningChain;
import dev.glassbox.core.prompting.ReasoningParser;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Constructed dev sets for the prompting signals, built deterministically (seeded) from solved problems such as
 * GSM8K's reference solutions: few-shot prompts whose demonstrations are other items, with responses planted to copy
 * one demonstration (its answer, its last step's numbers or its wording) or the item's own solution (copying none);
 * and chains with their final answer or one step's result altered, beside the intact chain.
 */
public final class PromptingSets {

  /** How a planted response copies: not at all, the answer, the last step (its numbers), or the whole wording. */
  public enum Copy { NONE, ANSWER, NUMBERS, WORDING }

  /** A few-shot call and the demonstration its response copies (-1 for none). */
  public record Planted(Call call, Copy copy, int copied) {}

  /** How a chain was altered. */
  public enum Alteration { INTACT, ANSWER, STEP }

  public record Altered(Call call, Alteration alteration) {}

  static final int SHOTS = 3;

  private PromptingSets() {}

  /**
   * For {@code n} items drawn with the seed, a few-shot call with {@value #SHOTS} other items as demonstrations (shape
   * by item: user/assistant pairs, or {@code Q:}/{@code A:} blocks in one message) and a response of each kind of copy.
   */
  public static List<Planted> fewShot(List<Call> items, int n, long seed) {
    Random random = new Random(seed);
    List<Call> usable = items.stream().filter(PromptingSets::chainWithAnswer).toList();
    List<Planted> out = new ArrayList<>();
    for (int i = 0; i < Math.min(n, usable.size()); i++) {
      Call item = usable.get(random.nextInt(usable.size()));
      List<Call> demos = new ArrayList<>();
      while (demos.size() < SHOTS) {
        Call d = usable.get(random.nextInt(usable.size()));
        if (d != item && !demos.contains(d)) demos.add(d);
      }
      List<Message> prompt = random.nextBoolean() ? pairs(demos, item) : blocks(demos, item);
      int k = random.nextInt(SHOTS);
      String own = item.response();
      String demo = demos.get(k).response();
      out.add(new Planted(with(item, "few-" + i + "-none", prompt, own), Copy.NONE, -1));
      out.add(new Planted(with(item, "few-" + i + "-answer", prompt, withAnswer(own, answerOf(demo))), Copy.ANSWER, k));
      out.add(new Planted(with(item, "few-" + i + "-numbers", prompt, withLastStep(own, demo)), Copy.NUMBERS, k));
      out.add(new Planted(with(item, "few-" + i + "-wording", prompt, demo), Copy.WORDING, k));
    }
    return out;
  }

  /** For {@code n} items drawn with the seed: the intact chain, its final answer altered, and one step's result altered. */
  public static List<Altered> chains(List<Call> items, int n, long seed) {
    Random random = new Random(seed);
    List<Call> usable = items.stream().filter(PromptingSets::chainWithAnswer).toList();
    List<Altered> out = new ArrayList<>();
    for (int i = 0; i < Math.min(n, usable.size()); i++) {
      Call item = usable.get(random.nextInt(usable.size()));
      String r = item.response();
      ReasoningChain chain = ReasoningParser.parse(r);
      double answer = chain.answer().value();
      out.add(new Altered(with(item, "chain-" + i + "-intact", item.prompt(), r), Alteration.INTACT));
      out.add(new Altered(with(item, "chain-" + i + "-answer", item.prompt(), withAnswer(r, Numbers.plain(other(answer, random)))),
          Alteration.ANSWER));
      String step = alteredStep(r, chain, random);
      if (step != null) out.add(new Altered(with(item, "chain-" + i + "-step", item.prompt(), step), Alteration.STEP));
    }
    return out;
  }

  private static boolean chainWithAnswer(Call c) {
    ReasoningChain chain = ReasoningParser.parse(c.response());
    return chain.isChain() && chain.answer().value() != null;
  }

  private static List<Message> pairs(List<Call> demos, Call item) {
    List<Message> out = new ArrayList<>();
    out.add(new Message("system", "Solve the math word problem step by step and end with 'Answer: <number>'."));
    for (Call d : demos) {
      out.add(new Message("user", d.promptText()));
      out.add(new Message("assistant", d.response()));
    }
    out.add(new Message("user", item.promptText()));
    return out;
  }

  private static List<Message> blocks(List<Call> demos, Call item) {
    StringBuilder sb = new StringBuilder("Solve each problem step by step.\n\n");
    for (Call d : demos) sb.append("Q: ").append(d.promptText()).append("\nA: ").append(d.response()).append("\n\n");
    sb.append("Q: ").append(item.promptText()).append("\nA:");
    return List.of(new Message("user", sb.toString()));
  }

  private static String answerOf(String response) {
    return ReasoningParser.parse(response).answer().text().of(response);
  }

  /** The response with the text of its final answer replaced. */
  static String withAnswer(String response, String answer) {
    ReasoningChain.Answer a = ReasoningParser.parse(response).answer();
    return response.substring(0, a.text().start()) + answer + response.substring(a.text().end());
  }

  /** The response with its last step replaced by the demonstration's last step, and its answer by that step's result. */
  private static String withLastStep(String own, String demo) {
    ReasoningChain o = ReasoningParser.parse(own);
    ReasoningChain d = ReasoningParser.parse(demo);
    String last = d.steps().get(d.steps().size() - 1).span().of(demo);
    var ownLast = o.steps().get(o.steps().size() - 1).span();
    String replaced = own.substring(0, ownLast.start()) + last + own.substring(ownLast.end());
    return withAnswer(replaced, answerOf(demo));
  }

  /** One step's stated result changed (and nothing after it), so its calculation no longer checks out. */
  private static String alteredStep(String r, ReasoningChain chain, Random random) {
    List<ReasoningChain.Step> withChecks = chain.steps().stream().filter(s -> !s.checks().isEmpty()).toList();
    if (withChecks.isEmpty()) return null;
    ReasoningChain.Step s = withChecks.get(random.nextInt(withChecks.size()));
    var check = s.checks().get(0);
    String text = check.span().of(r);
    int eq = text.lastIndexOf('=');
    List<Numbers.Found> stated = Numbers.find(text.substring(eq));
    if (stated.isEmpty()) return null;
    var at = stated.get(0).span();
    int start = check.span().start() + eq + at.start();
    int end = check.span().start() + eq + at.end();
    return r.substring(0, start) + Numbers.plain(other(check.stated(), random)) + r.substring(end);
  }

  /** A different value of the same kind: off by a small amount, doubled or halved. */
  static double other(double v, Random random) {
    double[] deltas = {1, 2, 5, 10, -1, -2};
    double out = switch (random.nextInt(3)) {
      case 0 -> v + deltas[random.nextInt(deltas.length)];
      case 1 -> v * 2;
      default -> Math.rint(v / 2) == v ? v + 3 : Math.rint(v / 2);
    };
    return Numbers.same(out, v) ? v + 7 : out;
  }


  private static Call with(Call c, String id, List<Message> prompt, String response) {
    Map<String, Object> labels = new HashMap<>(c.labels());
    return new Call(id, c.timestamp(), c.app(), c.model(), c.tenant(), prompt, response, List.of(), List.of(), List.of(),
        c.attributes(), Collections.unmodifiableMap(labels));
  }
}
