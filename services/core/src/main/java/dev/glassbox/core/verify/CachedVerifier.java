package dev.glassbox.core.verify;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A verifier that remembers its latest verdicts by (evidence, claim) and sends only the pairs it has not seen to the
 * verifier it wraps, all in one {@code verify} call: repeated context passages and retried calls cost nothing.
 */
public final class CachedVerifier implements Verifier {

  private final Verifier inner;
  private final Map<Pair, Verdict> cache;

  /** Keeps the {@code capacity} most recently used verdicts. */
  public CachedVerifier(Verifier inner, int capacity) {
    this.inner = inner;
    this.cache = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Pair, Verdict> eldest) {
        return size() > capacity;
      }
    };
  }

  @Override
  public List<Verdict> verify(List<Pair> pairs) {
    Map<Pair, Verdict> known = new HashMap<>();
    Set<Pair> missing = new LinkedHashSet<>();
    synchronized (cache) {
      for (Pair p : pairs) {
        Verdict v = cache.get(p);
        if (v != null) known.put(p, v);
        else missing.add(p);
      }
    }
    if (!missing.isEmpty()) {
      List<Pair> asked = List.copyOf(missing);
      List<Verdict> fresh = inner.verify(asked);
      for (int i = 0; i < asked.size(); i++) known.put(asked.get(i), fresh.get(i));
      synchronized (cache) {
        for (Pair p : asked) cache.put(p, known.get(p));
      }
    }
    List<Verdict> out = new ArrayList<>(pairs.size());
    for (Pair p : pairs) out.add(known.get(p));
    return out;
  }

  @Override
  public String modelName() {
    return inner.modelName();
  }

  @Override
  public void close() {
    inner.close();
  }
}
