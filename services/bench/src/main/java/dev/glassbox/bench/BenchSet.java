package dev.glassbox.bench;

import dev.glassbox.core.call.Call;
import dev.glassbox.core.call.CallCodec;
import dev.glassbox.core.call.Message;
import dev.glassbox.core.call.Passage;
import dev.glassbox.core.text.SentenceSplitter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The fixed texts and calls every part of one bench run measures, drawn with a fixed seed from a call v1
 * file: short texts (responses and questions), medium (sentences of the context passages) and long (whole
 * passages).
 *
 * @param texts text class ({@code short}, {@code medium}, {@code long}) to its texts, in a fixed order
 * @param calls the calls, in a fixed order
 * @param callLines the same calls as the JSONL lines they were read from
 */
public record BenchSet(Map<String, List<String>> texts, List<Call> calls, List<String> callLines) {

  public static final List<String> CLASSES = List.of("short", "medium", "long");

  /** Reads {@code file} and draws {@code perClass} distinct texts per class and {@code calls} calls with {@code seed}. */
  public static BenchSet load(Path file, int perClass, int calls, long seed) throws IOException {
    CallCodec codec = new CallCodec();
    List<String> lines = new ArrayList<>();
    List<Call> all = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.isBlank()) continue;
      CallCodec.Decoded d = codec.decode(line.getBytes(StandardCharsets.UTF_8));
      if (!d.isValid()) continue;
      lines.add(line);
      all.add(d.call());
    }
    if (all.isEmpty()) throw new IllegalArgumentException(file + " holds no valid call v1 line");
    LinkedHashSet<String> shortTexts = new LinkedHashSet<>();
    LinkedHashSet<String> medium = new LinkedHashSet<>();
    LinkedHashSet<String> longTexts = new LinkedHashSet<>();
    for (Call c : all) {
      shortTexts.add(c.response());
      for (Message m : c.prompt()) if ("user".equals(m.role())) shortTexts.add(m.content());
      for (Passage p : c.context()) {
        longTexts.add(p.text());
        medium.addAll(SentenceSplitter.sentences(p.text()));
      }
    }
    Map<String, List<String>> texts = new LinkedHashMap<>();
    texts.put("short", draw(new ArrayList<>(shortTexts), perClass, new Random(seed)));
    texts.put("medium", draw(new ArrayList<>(medium), perClass, new Random(seed + 1)));
    texts.put("long", draw(new ArrayList<>(longTexts), perClass, new Random(seed + 2)));
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) idx.add(i);
    Collections.shuffle(idx, new Random(seed + 3));
    List<Call> chosen = new ArrayList<>();
    List<String> chosenLines = new ArrayList<>();
    for (int i : idx.subList(0, Math.min(calls, idx.size()))) {
      chosen.add(all.get(i));
      chosenLines.add(lines.get(i));
    }
    return new BenchSet(texts, chosen, chosenLines);
  }

  private static List<String> draw(List<String> pool, int n, Random random) {
    pool.removeIf(String::isBlank);
    Collections.shuffle(pool, random);
    return List.copyOf(pool.subList(0, Math.min(n, pool.size())));
  }
}
