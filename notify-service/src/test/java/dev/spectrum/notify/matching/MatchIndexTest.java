package dev.spectrum.notify.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spectrum.events.LeafScore;
import dev.spectrum.events.PaperClassified;
import dev.spectrum.notify.subscription.Filter;
import dev.spectrum.notify.support.Papers;
import dev.spectrum.events.Taxonomy;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MatchIndexTest {

    private final Taxonomy taxonomy = Taxonomy.standard();

    private final PaperClassified paper = Papers.paper("2501.00001", 1, true, "Squeezing the KV Cache",
            "We evict key-value cache entries; speculative decoding is future work. Low-rank adapters are not used.",
            List.of(new LeafScore("kv-cache", 0.91), new LeafScore("quantization", 0.55)));

    private boolean matches(Filter f) {
        MatchIndex index = new MatchIndex(1, List.of(new MatchIndex.Entry(7, true, false, "EMAIL", new CompiledFilter(f, taxonomy))), taxonomy);
        return !index.match(PaperView.of(paper, taxonomy)).isEmpty();
    }

    private static Filter f(List<String> nodes, List<String> keywords, List<String> authors, List<String> cats, Double min) {
        return new Filter(nodes, keywords, authors, cats, min);
    }

    @Test
    void taxonomyNodesIncludeTheirDescendants() {
        assertThat(matches(f(List.of("inference"), null, null, null, null))).isTrue();
        assertThat(matches(f(List.of("kv-cache"), null, null, null, null))).isTrue();
        assertThat(matches(f(List.of("training"), null, null, null, null))).isFalse();
    }

    @Test
    void minimumConfidenceCountsOnlyLeavesUnderTheSubscribedNodes() {
        assertThat(matches(f(List.of("quantization"), null, null, null, 0.6))).isFalse();
        assertThat(matches(f(List.of("inference"), null, null, null, 0.9))).isTrue();
        assertThat(matches(f(null, null, null, null, 0.95))).isFalse();
    }

    @Test
    void keywordsWithPhrasesAndExclusions() {
        assertThat(matches(f(null, List.of("\"speculative decoding\""), null, null, null))).isTrue();
        assertThat(matches(f(null, List.of("\"decoding speculative\""), null, null, null))).isFalse();
        assertThat(matches(f(null, List.of("kv -evict"), null, null, null))).isFalse();
        assertThat(matches(f(null, List.of("kv -\"vision transformer\""), null, null, null))).isTrue();
        assertThat(matches(f(null, List.of("mamba", "squeezing"), null, null, null))).as("any clause").isTrue();
        assertThat(matches(f(List.of("kv-cache"), List.of("low-rank adapters"), null, null, null))).isTrue();
        assertThat(matches(f(List.of("pruning"), List.of("low-rank adapters"), null, null, null))).isFalse();
        assertThatThrownBy(() -> KeywordClause.parse("-only -negative")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void authorsAndCategories() {
        assertThat(matches(f(null, null, List.of("Alan Turing"), null, null))).isTrue();
        assertThat(matches(f(null, null, List.of("Grace Hopper"), null, null))).isFalse();
        assertThat(matches(f(null, null, null, List.of("cs.CL"), null))).isTrue();
        assertThat(matches(f(null, null, null, List.of("cs.CV"), null))).isFalse();
        assertThat(matches(f(List.of("kv-cache"), null, List.of("turing"), List.of("cs.LG"), 0.5))).isTrue();
    }

    @Test
    void irrelevantPapersMatchNothing() {
        PaperClassified irrelevant = Papers.again(paper, 1, false);
        MatchIndex index = new MatchIndex(1, List.of(new MatchIndex.Entry(1, true, false, "EMAIL",
                new CompiledFilter(f(null, null, null, null, null), taxonomy))), taxonomy);
        assertThat(index.match(PaperView.of(irrelevant, taxonomy))).isEmpty();
    }

    @Test
    void theIndexFindsExactlyWhatCheckingEverySubscriptionFinds() {
        Random random = new Random(42);
        List<String> leaves = taxonomy.leaves();
        String[] words = {"kv", "cache", "lora", "quantization", "\"speculative decoding\"", "mamba", "-vision", "memory",
                "pruning", "\"key value\"", "evict", "agents"};
        List<MatchIndex.Entry> entries = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            List<String> nodes = random.nextInt(3) == 0 ? List.of() : List.of(random.nextBoolean() ? leaves.get(random.nextInt(leaves.size())) : "inference");
            List<String> kw = new ArrayList<>();
            if (random.nextBoolean() || nodes.isEmpty()) {
                String word = words[random.nextInt(words.length)];
                kw.add(word.startsWith("-") ? "cache " + word : word + (random.nextBoolean() ? " -vision" : ""));
            }
            Filter filter = new Filter(nodes, kw, random.nextInt(10) == 0 ? List.of("Turing") : null,
                    random.nextInt(10) == 0 ? List.of("cs.CL") : null, random.nextInt(4) == 0 ? 0.8 : null);
            entries.add(new MatchIndex.Entry(i, true, false, "EMAIL", new CompiledFilter(filter, taxonomy)));
        }
        MatchIndex index = new MatchIndex(1, entries, taxonomy);
        PaperView view = PaperView.of(paper, taxonomy);
        List<Long> expected = entries.stream().filter(e -> e.filter().matches(view)).map(MatchIndex.Entry::id).sorted().toList();
        List<Long> found = index.match(view).stream().map(MatchIndex.Entry::id).sorted().toList();
        assertThat(expected).isNotEmpty();
        assertThat(found).isEqualTo(expected);
    }
}
