package dev.glassbox.core.prompting;

import dev.glassbox.core.call.Message;
import dev.glassbox.core.text.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the few-shot demonstrations of a prompt. Two shapes: user/assistant message pairs before the last user
 * message (the chat form, which the OpenAI and OTel adapters produce), and labelled blocks inside one system, developer or
 * user message: an input label ({@code Q:}, {@code Question:}, {@code Input:}, {@code Problem:}, {@code Text:},
 * {@code Review:}) followed by an output label ({@code A:}, {@code Answer:}, {@code Output:}, {@code Label:},
 * {@code Solution:}, {@code Sentiment:}), and {@code Example n} blocks (labelled inside, or {@code input -> output},
 * or their last line as the output). An input whose output is empty is the query itself, not a demonstration.
 */
public final class Demonstrations {

  private static final Pattern INPUT = Pattern.compile("(?im)^[ \\t]*[*_]*(?:q|question|input|problem|text|review|sentence|query)"
      + "[*_]*[ \\t]*[:：][*_]*[ \\t]*");
  private static final Pattern OUTPUT = Pattern.compile("(?im)^[ \\t]*[*_]*(?:a|answer|output|label|solution|sentiment|response)"
      + "[*_]*[ \\t]*[:：][*_]*[ \\t]*");
  private static final Pattern EXAMPLE = Pattern.compile("(?im)^[ \\t]*[#*_]*[ \\t]*example[ \\t]*#?\\d*[ \\t]*[:.)]?[*_]*[ \\t]*$"
      + "|(?im)^[ \\t]*[#*_]*[ \\t]*example[ \\t]*#?\\d+[ \\t]*[:.)][*_]*[ \\t]*");
  /** Tool results are material, not examples. */
  private static final java.util.Set<String> TOOL_ROLES = java.util.Set.of("tool", "function", "ipython");
  private static final Pattern ARROW = Pattern.compile("[ \\t]+(?:->|=>|→)[ \\t]+");

  private Demonstrations() {}

  public static List<Demonstration> find(List<Message> prompt) {
    List<Span[]> found = new ArrayList<>();
    List<int[]> messages = new ArrayList<>();
    int lastUser = -1;
    for (int i = 0; i < prompt.size(); i++) if ("user".equals(prompt.get(i).role())) lastUser = i;
    for (int i = 0; i < prompt.size(); i++) {
      Message m = prompt.get(i);
      if (m.content() == null || "assistant".equals(m.role())) continue;
      if (TOOL_ROLES.contains(m.role())) continue;
      if ("user".equals(m.role()) && i < lastUser && i + 1 < prompt.size() && "assistant".equals(prompt.get(i + 1).role())
          && prompt.get(i + 1).content() != null) {
        found.add(new Span[] {whole(m.content()), whole(prompt.get(i + 1).content())});
        messages.add(new int[] {i, i + 1});
        continue;
      }
      for (Span[] block : inMessage(m.content())) {
        found.add(block);
        messages.add(new int[] {i, i});
      }
    }
    List<Demonstration> out = new ArrayList<>();
    for (int k = 0; k < found.size(); k++) {
      out.add(new Demonstration(k, messages.get(k)[0], found.get(k)[0], messages.get(k)[1], found.get(k)[1]));
    }
    return out;
  }

  /**
   * The text the response answers: the last user message (else the last message that is not the assistant's), with
   * the demonstrations inside it blanked, so their numbers and words are not taken for the query's.
   */
  public static String query(List<Message> prompt, List<Demonstration> demos) {
    int at = -1;
    for (int i = 0; i < prompt.size(); i++) {
      String role = prompt.get(i).role();
      if (prompt.get(i).content() == null || "assistant".equals(role)) continue;
      if ("user".equals(role) || at < 0 || !"user".equals(prompt.get(at).role())) at = i;
    }
    if (at < 0) return "";
    StringBuilder text = new StringBuilder(prompt.get(at).content());
    for (Demonstration d : demos) {
      if (d.inputMessage() != at || d.outputMessage() != at) continue;
      for (int c = d.input().start(); c < d.output().end(); c++) if (text.charAt(c) != '\n') text.setCharAt(c, ' ');
    }
    return text.toString();
  }

  /** The demonstrations inside one message: its labelled pairs, else its example blocks. */
  static List<Span[]> inMessage(String text) {
    List<Span[]> labelled = labelled(text);
    return labelled.isEmpty() ? examples(text) : labelled;
  }

  /** Input-label / output-label pairs; an output runs to the next input label or example header. */
  private static List<Span[]> labelled(String text) {
    List<int[]> inputs = starts(INPUT, text);
    List<int[]> outputs = starts(OUTPUT, text);
    List<int[]> headers = starts(EXAMPLE, text);
    List<Span[]> out = new ArrayList<>();
    for (int a = 0; a < inputs.size(); a++) {
      int nextInput = a + 1 < inputs.size() ? inputs.get(a + 1)[0] : text.length();
      int[] output = firstBetween(outputs, inputs.get(a)[1], nextInput);
      if (output == null) continue;
      int end = Math.min(nextInput, firstAfter(headers, output[1], text.length()));
      Span in = ReasoningParser.trimmed(text, inputs.get(a)[1], output[0]);
      Span o = ReasoningParser.trimmed(text, output[1], end);
      if (in.length() > 0 && o.length() > 0) out.add(new Span[] {in, o});
    }
    return out;
  }

  /** Example blocks without labels: {@code input -> output} on one line, else the block's last line is the output. */
  private static List<Span[]> examples(String text) {
    List<int[]> headers = starts(EXAMPLE, text);
    List<Span[]> out = new ArrayList<>();
    for (int h = 0; h < headers.size(); h++) {
      int end = h + 1 < headers.size() ? headers.get(h + 1)[0] : paragraphEnd(text, headers.get(h)[1]);
      Span block = ReasoningParser.trimmed(text, headers.get(h)[1], end);
      String body = block.of(text);
      Matcher arrow = ARROW.matcher(body);
      int lastBreak = body.lastIndexOf('\n');
      if (arrow.find()) {
        out.add(new Span[] {ReasoningParser.trimmed(text, block.start(), block.start() + arrow.start()),
            ReasoningParser.trimmed(text, block.start() + arrow.end(), block.end())});
      } else if (lastBreak > 0) {
        out.add(new Span[] {ReasoningParser.trimmed(text, block.start(), block.start() + lastBreak), ReasoningParser.trimmed(text, block.start() + lastBreak, block.end())});
      }
    }
    return out;
  }

  /** The end of the last example's block: the first blank line after its first line, or the end of the text. */
  private static int paragraphEnd(String text, int from) {
    int blank = text.indexOf("\n\n", text.indexOf('\n', from) < 0 ? from : from + 1);
    return blank < 0 ? text.length() : blank;
  }

  private static List<int[]> starts(Pattern p, String text) {
    List<int[]> out = new ArrayList<>();
    Matcher m = p.matcher(text);
    while (m.find()) out.add(new int[] {m.start(), m.end()});
    return out;
  }

  private static int[] firstBetween(List<int[]> marks, int from, int to) {
    for (int[] m : marks) if (m[0] >= from && m[0] < to) return m;
    return null;
  }

  private static int firstAfter(List<int[]> marks, int from, int otherwise) {
    for (int[] m : marks) if (m[0] >= from) return m[0];
    return otherwise;
  }

  private static Span whole(String text) {
    return ReasoningParser.trimmed(text, 0, text.length());
  }

}
