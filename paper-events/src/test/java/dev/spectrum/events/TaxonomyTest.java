package dev.spectrum.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TaxonomyTest {

    private final Taxonomy taxonomy = Taxonomy.standard();

    @Test
    void shipsTheSharedTaxonomyUnchanged() throws Exception {
        Path shared = Path.of(System.getProperty("spectrum.shared", "../../shared"), "taxonomy.yaml");
        try (InputStream in = Files.newInputStream(shared)) {
            Taxonomy fromShared = Taxonomy.read(in);
            assertThat(taxonomy.ids()).containsExactlyElementsOf(fromShared.ids());
            assertThat(taxonomy.leaves()).containsExactlyElementsOf(fromShared.leaves());
        }
    }

    @Test
    void knowsTheTreeOfTheSurvey() {
        assertThat(taxonomy.leaves()).hasSize(22).contains("quantization", "kv-cache", "scaling-laws", "peft");
        assertThat(taxonomy.roots()).extracting(Taxonomy.Node::id)
                .containsExactly("budget", "data", "architecture", "training", "inference");
        assertThat(taxonomy.leavesUnder("training"))
                .containsExactlyInAnyOrder("mixed-precision", "parallelism", "memory-optimization", "peft",
                        "data-efficient-tuning");
        assertThat(taxonomy.selfAndDescendants("scalable-tuning"))
                .containsExactly("scalable-tuning", "peft", "data-efficient-tuning");
        assertThat(taxonomy.path("peft")).containsExactly("training", "scalable-tuning", "peft");
        assertThat(taxonomy.name("kv-cache")).isEqualTo("KV-Cache Optimization");
        assertThat(taxonomy.node("efficient-reasoning")).get().extracting(Taxonomy.Node::extension).isEqualTo(true);
        assertThat(taxonomy.selfAndDescendants("no-such-node")).isEmpty();
        assertThat(taxonomy.root("peft")).isEqualTo("training");
        assertThat(taxonomy.leafIndex("scaling-laws")).isZero();
        assertThat(taxonomy.leafIndex("budget")).isEqualTo(-1);
    }
}
