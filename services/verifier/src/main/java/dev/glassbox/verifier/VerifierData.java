package dev.glassbox.verifier;

import dev.glassbox.core.call.Call;
import dev.glassbox.core.call.CallCodec;
import dev.glassbox.core.call.Passage;
import dev.glassbox.core.text.SentenceSplitter;
import dev.glassbox.core.verify.Verifier.Pair;
import dev.glassbox.core.verify.VerifierLabel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;

/**
 * The verifier's training and held-out pairs, built at run time from the dev files only (nothing derived from Reuters
 * is ever written to the repository) and deterministic for a seed. Documents — HaluEval knowledge passages and Reuters
 * articles — are split by a hash of their id: one in five is held out, and evaluation uses only those.
 */
public final class VerifierData {

  /** A source text, its id (the split key) and its sentences. */
  public record Document(String id, String text, List<String> sentences) {}

  /** A training or evaluation pair with its label and how it was made. */
  public record Labelled(String documentId, Pair pair, VerifierLabel label, String kind) {}

  /** A minimal pair: the same evidence, a claim that keeps its meaning and one of the same size that does not. */
  public record MinimalPair(String kind, String evidence, String kept, String changed) {}

  /** A HaluEval QA call as the verifier reads it: passage, "question answer", and the label. */
  public record QaItem(String documentId, Pair pair, boolean hallucinated) {}

  private VerifierData() {}

  /** Whether a document (or question) belongs to the held-out fifth. */
  public static boolean heldOut(String documentId) {
    int h = 0;
    for (char c : documentId.toCharArray()) h = 31 * h + c; // String.hashCode, written out: the split must never change
    return Math.floorMod(h * 0x9E3779B1, 5) == 0;
  }

  /** HaluEval knowledge passages (one per question) and the first {@code maxReuters} Reuters article bodies, if present. */
  public static List<Document> documents(Path dataDir, int maxReuters) {
    Map<String, Document> docs = new LinkedHashMap<>();
    for (Call c : calls(dataDir.resolve("halueval-qa.dev.jsonl"))) {
      for (Passage p : c.context()) docs.putIfAbsent(p.id(), document(p.id(), p.text()));
    }
    int n = 0;
    Path reuters = dataDir.resolve("reuters-stream.dev.jsonl");
    for (Call c : Files.exists(reuters) ? calls(reuters) : List.<Call>of()) {
      if (n++ >= maxReuters) break;
      String body = c.prompt().get(0).content().replaceFirst("^Summarize this article:\\s*", "").replaceAll("\\s+", " ").trim();
      if (body.length() > 200) docs.put(c.id(), document(c.id(), body));
    }
    return List.copyOf(docs.values());
  }

  private static Document document(String id, String text) {
    // HaluEval passages join sentences without a space ("century.First"): split there too.
    String spaced = text.replaceAll("([a-z0-9)])\\.([A-Z\"])", "$1. $2");
    List<String> sentences = SentenceSplitter.sentences(spaced).stream().map(String::trim)
        .filter(s -> s.length() >= 25 && s.length() <= 300).toList();
    return new Document(id, spaced, sentences);
  }

  /** HaluEval QA calls as pairs, keeping those whose question is (or is not) held out. */
  public static List<QaItem> haluEvalQa(Path dataDir, Predicate<String> keep) {
    List<QaItem> out = new ArrayList<>();
    for (Call c : calls(dataDir.resolve("halueval-qa.dev.jsonl"))) {
      String id = c.context().get(0).id();
      if (!keep.test(id)) continue;
      String claim = c.prompt().get(c.prompt().size() - 1).content() + " " + c.response();
      out.add(new QaItem(id, new Pair(c.context().get(0).text(), claim), Boolean.TRUE.equals(c.labels().get("hallucinated"))));
    }
    return out;
  }

  /** Edited-sentence pairs from the documents that {@code keep} accepts, at most {@code max}, shuffled by the seed. */
  public static List<Labelled> editedPairs(List<Document> docs, Predicate<String> keep, long seed, int max) {
    Random random = new Random(seed);
    List<Document> kept = docs.stream().filter(d -> keep.test(d.id()) && !d.sentences().isEmpty()).toList();
    List<Labelled> out = new ArrayList<>();
    for (Document d : kept) {
      for (int i = 0; i < d.sentences().size() && i < 6; i++) {
        String evidence = evidence(d, i, random);
        String s = d.sentences().get(i);
        out.add(new Labelled(d.id(), new Pair(evidence, supported(s, random)), VerifierLabel.SUPPORTED, "kept"));
        Document other = otherThan(d, kept, random);
        Edit changed = contradicted(s, d, other, random);
        if (changed != null) out.add(new Labelled(d.id(), new Pair(evidence, changed.text()), VerifierLabel.CONTRADICTED, changed.kind()));
        if (random.nextInt(3) == 0 && other != d) out.add(notEnoughInfo(d, evidence, other, random));
      }
    }
    java.util.Collections.shuffle(out, random);
    return out.size() > max ? List.copyOf(out.subList(0, max)) : out;
  }

  /**
   * The training set: edited sentences of the documents not held out, plus HaluEval QA answers of the questions not held
   * out against their passage (right → supported, hallucinated → contradicted) as up to a sixth of it; shuffled.
   */
  public static List<Labelled> trainingSet(List<Document> docs, Path dataDir, long seed, int max) {
    Predicate<String> train = id -> !heldOut(id);
    List<Labelled> out = new ArrayList<>();
    for (QaItem q : haluEvalQa(dataDir, train)) {
      out.add(new Labelled(q.documentId(), q.pair(), q.hallucinated() ? VerifierLabel.CONTRADICTED : VerifierLabel.SUPPORTED, "halueval-qa"));
    }
    java.util.Collections.shuffle(out, new Random(seed));
    List<Labelled> all = new ArrayList<>(out.subList(0, Math.min(out.size(), max / 6)));
    all.addAll(editedPairs(docs, train, seed, max - all.size()));
    java.util.Collections.shuffle(all, new Random(seed + 1));
    return all;
  }

  /** A random document other than {@code d} (d itself only when it is the only one). */
  private static Document otherThan(Document d, List<Document> docs, Random random) {
    int i = random.nextInt(docs.size());
    return docs.get(i) != d ? docs.get(i) : docs.get((i + 1) % docs.size());
  }

  /** The evidence for sentence {@code i}: a short passage whole, else a window of three sentences around it. */
  private static String evidence(Document d, int i, Random random) {
    if (d.text().length() <= 600) return d.text();
    int from = Math.max(0, i - random.nextInt(3));
    return String.join(" ", d.sentences().subList(from, Math.min(d.sentences().size(), from + 3)));
  }

  private record Edit(String kind, String text) {}

  private static String supported(String s, Random random) {
    List<String> options = new ArrayList<>(List.of(s, s));
    for (String e : new String[] {ClaimEdits.reorderCoordination(s), ClaimEdits.dropParenthesis(s), ClaimEdits.affirm(s)}) {
      if (e != null) options.add(e);
    }
    return options.get(random.nextInt(options.size()));
  }

  private static Edit contradicted(String s, Document d, Document other, Random random) {
    String elsewhere = other.text() + " " + d.text();
    List<Edit> options = new ArrayList<>();
    add(options, "exchange-names", ClaimEdits.exchange(s, ClaimEdits.NAME));
    add(options, "exchange-numbers", ClaimEdits.exchange(s, ClaimEdits.NUMBER));
    add(options, "change-number", ClaimEdits.changeNumber(s, random));
    add(options, "negate", ClaimEdits.negate(s));
    add(options, "replace-name", ClaimEdits.replaceTerm(s, elsewhere, ClaimEdits.NAME, random));
    add(options, "replace-number", ClaimEdits.replaceTerm(s, elsewhere, ClaimEdits.NUMBER, random));
    return options.isEmpty() ? null : options.get(random.nextInt(options.size()));
  }

  private static void add(List<Edit> options, String kind, String text) {
    if (text != null) options.add(new Edit(kind, text));
  }

  /** A sentence the evidence does not speak to: from another document, or from this one outside the window. */
  private static Labelled notEnoughInfo(Document d, String evidence, Document other, Random random) {
    List<String> outside = d.sentences().stream().filter(x -> !evidence.contains(x)).toList();
    boolean same = !outside.isEmpty() && random.nextBoolean();
    List<String> from = same ? outside : other.sentences();
    String claim = from.isEmpty() ? d.sentences().get(0) + " " + other.id() : from.get(random.nextInt(from.size()));
    return new Labelled(d.id(), new Pair(evidence, claim), VerifierLabel.NOT_ENOUGH_INFO, same ? "same-document" : "other-document");
  }

  /** Minimal pairs from the documents {@code keep} accepts: role and number exchanges, changed numbers, negations. */
  public static List<MinimalPair> minimalPairs(List<Document> docs, Predicate<String> keep, long seed) {
    Random random = new Random(seed);
    List<MinimalPair> out = new ArrayList<>();
    for (Document d : docs) {
      if (!keep.test(d.id())) continue;
      for (int i = 0; i < d.sentences().size() && i < 6; i++) {
        String s = d.sentences().get(i);
        String evidence = evidence(d, i, random);
        String names = ClaimEdits.exchange(s, ClaimEdits.NAME);
        if (names != null) out.add(new MinimalPair("exchange-names", evidence, s, names));
        String numbers = ClaimEdits.exchange(s, ClaimEdits.NUMBER);
        if (numbers != null) out.add(new MinimalPair("exchange-numbers", evidence, s, numbers));
        String changed = ClaimEdits.changeNumber(s, random);
        if (changed != null) out.add(new MinimalPair("change-number", evidence, s, changed));
        String negated = ClaimEdits.negate(s);
        String affirmed = ClaimEdits.affirm(s);
        if (negated != null && affirmed != null) out.add(new MinimalPair("negate", evidence, affirmed, negated));
      }
    }
    return out;
  }

  static List<Call> calls(Path file) {
    CallCodec codec = new CallCodec();
    List<Call> out = new ArrayList<>();
    try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
      lines.forEach(line -> {
        CallCodec.Decoded d = codec.decode(line.getBytes(StandardCharsets.UTF_8));
        if (d.isValid()) out.add(d.call());
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return out;
  }
}
