package dev.glassbox.core.signal;

import dev.glassbox.core.call.Message;
import dev.glassbox.core.text.SentenceSplitter;
import dev.glassbox.core.text.Span;
import dev.glassbox.core.text.Words;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the source material an application pasted into its prompt, so that it can be checked against
 * exactly like a logged context. The rule, per message:
 * <ul>
 *   <li>a {@code tool} or {@code function} message (a tool result, an OpenAI tool message, an OTel tool
 *       output) is source material as a whole;</li>
 *   <li>an {@code assistant} message never is (the model's own words);</li>
 *   <li>in any other message (system, user), a block is source material when it is marked as such: the body
 *       of a tag ({@code <document>…</document>}), of a code fence or triple quote, between two rule lines
 *       ({@code -----}), or after a label line such as {@code Passage:}, {@code Context:}, {@code Document 2:},
 *       {@code Transcript:} up to the next question or instruction label ({@code Question:}, {@code Q:});</li>
 *   <li>an unmarked paragraph counts when something presents it (it follows an introducing {@code …:}, or the
 *       message has other paragraphs, such as the instruction) and it reads like material rather than a
 *       request: at least {@value #MIN_PARAGRAPH_WORDS} words and two sentences, no question mark, and fewer
 *       than half of its sentences addressed to the model. A message that is one plain paragraph is the
 *       request itself (a word problem with its data is a question, not a source).</li>
 * </ul>
 * A bare question or instruction is never source material: the response's new facts cannot be checked
 * against it. Marked blocks need {@value #MIN_BLOCK_WORDS} words, so a label with a stub is not a source.
 */
public final class PromptSources {

  static final int MIN_BLOCK_WORDS = 5;
  static final int MIN_PARAGRAPH_WORDS = 25;

  private static final Set<String> TOOL_ROLES = Set.of("tool", "function", "ipython");
  private static final Pattern TAG = Pattern.compile("(?s)<([A-Za-z][\\w-]*)[^>]*>(.*?)</\\1\\s*>");
  private static final Pattern FENCE = Pattern.compile("(?s)(```|\"\"\"|''')[^\\n]*\\n?(.*?)\\1");
  private static final Pattern RULED = Pattern.compile("(?sm)^[ \\t]*([-=*#_~]{3,})[ \\t]*$\\n(.*?)\\n^[ \\t]*[-=*#_~]{3,}[ \\t]*$");
  private static final Pattern SOURCE_LABEL = Pattern.compile("(?im)^[ \\t]*[\\[#*]*[ \\t]*(?:retrieved |relevant |search |reference |source |background |supporting )?"
      + "(context|contexts|documents?|docs?|passages?|articles?|text|sources?|knowledge|background|references?|transcripts?"
      + "|excerpts?|evidence|results?|snippets?|chunks?|information|facts|notes|report|email|content|material|data)"
      + "(?:[ \\t]*[#(\\[]?\\d+[)\\]]?)?[ \\t]*[\\])*]*[ \\t]*:[ \\t]*");
  private static final Pattern STOP_LABEL = Pattern.compile("(?im)^[ \\t]*[\\[#*]*[ \\t]*(question|questions|q|query|instructions?|task|answer|a|"
      + "request|user|assistant|response|output|summary)[ \\t]*[\\])*]*[ \\t]*:");
  private static final Pattern PARAGRAPH = Pattern.compile("\\S(?:.|\\n(?![ \\t]*\\n))*");
  private static final Set<String> ADDRESSED = Set.of("answer", "summarize", "summarise", "write", "explain", "describe",
      "list", "give", "tell", "use", "respond", "reply", "provide", "translate", "please", "do", "don't", "be", "act",
      "make", "keep", "only", "always", "never", "read", "return", "output", "classify", "extract", "identify", "help",
      "consider", "based", "using", "given", "imagine", "pretend", "avoid", "ensure", "cite", "rewrite", "complete",
      "find", "calculate", "compute", "determine", "solve", "think", "show", "how", "what", "which", "who", "when");

  /** One piece of source material: its message and its offsets inside that message's content. */
  public record Source(int message, Span span) {
    public String of(List<Message> prompt) {
      return span.of(prompt.get(message).content());
    }
  }

  private PromptSources() {}

  /** The source material of a prompt, in message order, each block trimmed of surrounding whitespace. */
  public static List<Source> find(List<Message> prompt) {
    List<Source> out = new ArrayList<>();
    for (int i = 0; i < prompt.size(); i++) {
      Message m = prompt.get(i);
      String role = m.role() == null ? "user" : m.role().toLowerCase(Locale.ROOT);
      String text = m.content() == null ? "" : m.content();
      if ("assistant".equals(role)) continue;
      if (TOOL_ROLES.contains(role)) {
        Span whole = trim(text, 0, text.length());
        if (whole != null && whole.length() > 0) out.add(new Source(i, whole));
        continue;
      }
      for (Span s : blocks(text)) out.add(new Source(i, s));
    }
    return out;
  }

  /** The marked blocks of one message, then its unmarked paragraphs that read like material. */
  static List<Span> blocks(String text) {
    List<Span> marked = new ArrayList<>();
    for (Pattern p : List.of(TAG, FENCE, RULED)) {
      Matcher m = p.matcher(text);
      while (m.find()) addIfFree(marked, trim(text, m.start(2), m.end(2)), MIN_BLOCK_WORDS, text);
    }
    Matcher label = SOURCE_LABEL.matcher(text);
    while (label.find()) {
      int end = text.length();
      Matcher stop = STOP_LABEL.matcher(text);
      if (stop.find(label.end())) end = stop.start();
      Matcher next = SOURCE_LABEL.matcher(text);
      if (next.find(label.end()) && next.start() < end) end = next.start();
      addIfFree(marked, trim(text, label.end(), end), MIN_BLOCK_WORDS, text);
    }
    List<Span> out = new ArrayList<>(marked);
    List<Span> paragraphs = new ArrayList<>();
    Matcher para = PARAGRAPH.matcher(text);
    while (para.find()) paragraphs.add(new Span(para.start(), para.end()));
    for (Span p : paragraphs) {
      int start = p.start();
      int colon = text.indexOf(":\n", start);
      if (colon < 0 || colon > p.end()) colon = text.indexOf(": ", start);
      // "Summarise this article: <text>" introduces the material; the introduction is not part of it.
      boolean introduced = colon >= 0 && colon < p.end() && Words.words(text.substring(start, colon)).size() <= 12;
      if (introduced) start = colon + 1;
      // A message that is one paragraph and introduces nothing is the request itself (a word problem, a task).
      if (!introduced && paragraphs.size() < 2) continue;
      Span s = trim(text, start, p.end());
      if (s != null && readsLikeMaterial(s.of(text)) && overlapsNone(out, s)) out.add(s);
    }
    out.sort((a, b) -> Integer.compare(a.start(), b.start()));
    return out;
  }

  /** An unmarked paragraph is material when it informs rather than asks or instructs. */
  static boolean readsLikeMaterial(String paragraph) {
    if (paragraph.indexOf('?') >= 0 || Words.words(paragraph).size() < MIN_PARAGRAPH_WORDS) return false;
    List<String> sentences = SentenceSplitter.sentences(paragraph);
    if (sentences.size() < 2) return false;
    int addressed = 0;
    for (String s : sentences) if (addressed(s)) addressed++;
    return addressed * 2 < sentences.size();
  }

  /** A sentence addressed to the model: it starts with a request verb or speaks to "you". */
  static boolean addressed(String sentence) {
    List<String> words = Words.words(sentence);
    if (words.isEmpty()) return false;
    return ADDRESSED.contains(words.get(0)) || words.contains("you") || words.contains("your");
  }

  private static void addIfFree(List<Span> out, Span s, int minWords, String text) {
    if (s == null || Words.words(s.of(text)).size() < minWords || !overlapsNone(out, s)) return;
    out.add(s);
  }

  private static boolean overlapsNone(List<Span> spans, Span s) {
    for (Span o : spans) if (o.overlap(s) > 0) return false;
    return true;
  }

  private static Span trim(String text, int start, int end) {
    while (start < end && Character.isWhitespace(text.charAt(start))) start++;
    while (end > start && Character.isWhitespace(text.charAt(end - 1))) end--;
    return start >= end ? null : new Span(start, end);
  }
}
