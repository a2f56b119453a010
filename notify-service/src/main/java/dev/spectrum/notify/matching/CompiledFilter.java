package dev.spectrum.notify.matching;

import dev.spectrum.notify.subscription.Filter;
import dev.spectrum.events.Taxonomy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** A subscription's filter turned into what checking a paper needs: a leaf bit mask, parsed clauses, word sets. */
public final class CompiledFilter {

    final long leafMask;
    final double minConfidence;
    final List<KeywordClause> clauses;
    final Set<String> categories;
    final List<List<String>> authors;

    public CompiledFilter(Filter filter, Taxonomy taxonomy) {
        long mask = 0;
        for (String node : filter.nodes()) {
            for (String leaf : taxonomy.leavesUnder(node)) {
                mask |= 1L << taxonomy.leafIndex(leaf);
            }
        }
        leafMask = mask;
        minConfidence = filter.minConfidenceOrZero();
        clauses = filter.keywords().stream().map(KeywordClause::parse).toList();
        categories = new HashSet<>();
        filter.categories().forEach(c -> categories.add(c.toLowerCase(Locale.ROOT)));
        List<List<String>> names = new ArrayList<>();
        for (String a : filter.authors()) {
            List<String> words = Text.words(a);
            if (!words.isEmpty()) {
                names.add(words);
            }
        }
        authors = List.copyOf(names);
    }

    /** Whether the paper passes every part of the filter. Irrelevant papers never reach here. */
    public boolean matches(PaperView p) {
        if (leafMask != 0) {
            long common = leafMask & p.leafMask;
            if (common == 0 || !confident(common, p, minConfidence)) {
                return false;
            }
        } else if (p.score < minConfidence) {
            return false;
        }
        return matchesBeyondNodes(p);
    }

    /** Some leaf of {@code common} carries at least {@code min} confidence. */
    static boolean confident(long common, PaperView p, double min) {
        for (long m = common; m != 0; m &= m - 1) {
            if (p.leafConfidence[Long.numberOfTrailingZeros(m)] >= min) {
                return true;
            }
        }
        return false;
    }

    /** Categories, authors and keywords; nodes and confidence are checked by the caller. */
    boolean matchesBeyondNodes(PaperView p) {
        if (!categories.isEmpty() && !anyCategory(p)) {
            return false;
        }
        if (!authors.isEmpty() && !anyAuthor(p)) {
            return false;
        }
        if (!clauses.isEmpty()) {
            for (KeywordClause c : clauses) {
                if (c.matches(p)) {
                    return true;
                }
            }
            return false;
        }
        return true;
    }

    private boolean anyCategory(PaperView p) {
        for (String c : categories) {
            if (p.categories.contains(c)) {
                return true;
            }
        }
        return false;
    }

    private boolean anyAuthor(PaperView p) {
        for (List<String> wanted : authors) {
            for (Set<String> author : p.authors) {
                if (author.containsAll(wanted)) {
                    return true;
                }
            }
        }
        return false;
    }
}
