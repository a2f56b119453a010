package dev.spectrum.notify.matching;

import dev.spectrum.events.Taxonomy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable index of active subscriptions, built once per subscription version. Each subscription is filed under
 * its most selective part — (leaf, keyword) pairs, else leaves, else keywords, categories or author names — so a
 * paper only checks the subscriptions filed under its own leaves, words, categories and authors, never all of them.
 */
public final class MatchIndex {

    /** One indexed subscription: its id, what the delivery needs, and its compiled filter. */
    public record Entry(long id, boolean instant, boolean revisionsAlert, String channel, CompiledFilter filter) {
    }

    private final long version;
    private final Entry[] entries;
    // the checks most candidates need, in flat arrays: no pointer chasing per candidate
    private final long[] masks;
    private final double[] mins;
    private final boolean[] onlyNodes;
    private final Map<String, int[]>[] byLeafAndWord;
    private final int[][] byLeaf;
    private final Map<String, int[]> byWord;
    private final Map<String, int[]> byCategory;
    private final Map<String, int[]> byAuthorWord;
    private final int[] unfiled;
    private final ThreadLocal<int[]> stamps;
    private final ThreadLocal<int[]> round = ThreadLocal.withInitial(() -> new int[1]);

    @SuppressWarnings("unchecked")
    public MatchIndex(long version, List<Entry> list, Taxonomy taxonomy) {
        int leaves = taxonomy.leaves().size();
        if (leaves > 64) {
            throw new IllegalStateException("leaf masks hold 64 leaves; the taxonomy has " + leaves);
        }
        this.version = version;
        this.entries = list.toArray(Entry[]::new);
        masks = new long[entries.length];
        mins = new double[entries.length];
        onlyNodes = new boolean[entries.length];
        for (int e = 0; e < entries.length; e++) {
            CompiledFilter f = entries[e].filter();
            masks[e] = f.leafMask;
            mins[e] = f.minConfidence;
            onlyNodes[e] = f.clauses.isEmpty() && f.categories.isEmpty() && f.authors.isEmpty();
        }
        Map<String, List<Integer>>[] lw = new Map[leaves];
        List<Integer>[] l = new List[leaves];
        for (int i = 0; i < leaves; i++) {
            lw[i] = new HashMap<>();
            l[i] = new ArrayList<>();
        }
        Map<String, List<Integer>> w = new HashMap<>();
        Map<String, List<Integer>> c = new HashMap<>();
        Map<String, List<Integer>> a = new HashMap<>();
        List<Integer> u = new ArrayList<>();
        for (int e = 0; e < entries.length; e++) {
            CompiledFilter f = entries[e].filter();
            if (f.leafMask != 0) {
                for (long m = f.leafMask; m != 0; m &= m - 1) {
                    int leaf = Long.numberOfTrailingZeros(m);
                    if (f.clauses.isEmpty()) {
                        l[leaf].add(e);
                    } else {
                        for (KeywordClause clause : f.clauses) {
                            lw[leaf].computeIfAbsent(clause.anchor(), k -> new ArrayList<>()).add(e);
                        }
                    }
                }
            } else if (!f.clauses.isEmpty()) {
                for (KeywordClause clause : f.clauses) {
                    w.computeIfAbsent(clause.anchor(), k -> new ArrayList<>()).add(e);
                }
            } else if (!f.categories.isEmpty()) {
                for (String cat : f.categories) {
                    c.computeIfAbsent(cat, k -> new ArrayList<>()).add(e);
                }
            } else if (!f.authors.isEmpty()) {
                for (List<String> name : f.authors) {
                    a.computeIfAbsent(name.get(name.size() - 1), k -> new ArrayList<>()).add(e);
                }
            } else {
                u.add(e);
            }
        }
        byLeafAndWord = new Map[leaves];
        byLeaf = new int[leaves][];
        for (int i = 0; i < leaves; i++) {
            byLeafAndWord[i] = freeze(lw[i]);
            byLeaf[i] = ints(l[i]);
        }
        byWord = freeze(w);
        byCategory = freeze(c);
        byAuthorWord = freeze(a);
        unfiled = ints(u);
        int size = entries.length;
        stamps = ThreadLocal.withInitial(() -> new int[size]);
    }

    public static MatchIndex empty(Taxonomy taxonomy) {
        return new MatchIndex(-1, List.of(), taxonomy);
    }

    public long version() {
        return version;
    }

    public int size() {
        return entries.length;
    }

    /** The subscriptions a paper matches. Irrelevant papers match none. */
    public List<Entry> match(PaperView p) {
        int[] found = matchIndices(p);
        List<Entry> out = new ArrayList<>(found.length);
        for (int e : found) {
            out.add(entries[e]);
        }
        return out;
    }

    /** Positions of the matching subscriptions (see {@link #entry}); the allocation-light form for hot loops. */
    public int[] matchIndices(PaperView p) {
        if (!p.relevant || entries.length == 0) {
            return new int[0];
        }
        int[] seen = stamps.get();
        int[] r = round.get();
        if (++r[0] == Integer.MAX_VALUE) {
            java.util.Arrays.fill(seen, 0);
            r[0] = 1;
        }
        Hits out = hits.get();
        out.size = 0;
        int stamp = r[0];
        for (long m = p.leafMask; m != 0; m &= m - 1) {
            int leaf = Long.numberOfTrailingZeros(m);
            check(byLeaf[leaf], p, seen, stamp, out);
            Map<String, int[]> words = byLeafAndWord[leaf];
            if (!words.isEmpty()) {
                for (String word : p.words) {
                    check(words.get(word), p, seen, stamp, out);
                }
            }
        }
        if (!byWord.isEmpty()) {
            for (String word : p.words) {
                check(byWord.get(word), p, seen, stamp, out);
            }
        }
        for (String cat : p.categories) {
            check(byCategory.get(cat), p, seen, stamp, out);
        }
        for (var author : p.authors) {
            for (String word : author) {
                check(byAuthorWord.get(word), p, seen, stamp, out);
            }
        }
        check(unfiled, p, seen, stamp, out);
        return java.util.Arrays.copyOf(out.ids, out.size);
    }

    public Entry entry(int position) {
        return entries[position];
    }

    private static final class Hits {
        int[] ids = new int[1024];
        int size;

        void add(int e) {
            if (size == ids.length) {
                ids = java.util.Arrays.copyOf(ids, size * 2);
            }
            ids[size++] = e;
        }
    }

    private final ThreadLocal<Hits> hits = ThreadLocal.withInitial(Hits::new);

    private void check(int[] postings, PaperView p, int[] seen, int stamp, Hits out) {
        if (postings == null) {
            return;
        }
        long paperMask = p.leafMask;
        for (int e : postings) {
            if (seen[e] == stamp) {
                continue;
            }
            seen[e] = stamp;
            long mask = masks[e];
            double min = mins[e];
            if (mask != 0) {
                long common = mask & paperMask;
                if (common == 0 || min > 0 && !CompiledFilter.confident(common, p, min)) {
                    continue;
                }
            } else if (p.score < min) {
                continue;
            }
            if (onlyNodes[e] || entries[e].filter().matchesBeyondNodes(p)) {
                out.add(e);
            }
        }
    }

    private static Map<String, int[]> freeze(Map<String, List<Integer>> m) {
        Map<String, int[]> out = new HashMap<>(Math.max(16, m.size() * 2));
        m.forEach((k, v) -> out.put(k, ints(v)));
        return out;
    }

    private static int[] ints(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }
}
