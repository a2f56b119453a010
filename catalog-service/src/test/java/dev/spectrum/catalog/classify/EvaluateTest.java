package dev.spectrum.catalog.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metric arithmetic of {@link Evaluate} on tiny files computed by hand. */
class EvaluateTest {

    @TempDir
    Path dir;

    private List<LabeledTsv.Row> file(String... lines) throws Exception {
        Path f = dir.resolve("gold.tsv");
        Files.writeString(f, String.join("\n", lines) + "\n");
        return LabeledTsv.read(f);
    }

    @Test
    void streamShapedFile() throws Exception {
        List<LabeledTsv.Row> rows = file("arxiv_id\ttitle\tabstract\tlabels\trelevant\textra",
                "1\tA\ta\tquantization\tyes\tx",
                "2\tB\tb\tpruning;distillation\tyes\tx",
                "3\tC\tc\t\tyes\tx",
                "4\tD\td\t\tno\tx",
                "5\tE\te\t\tno\tx");
        // predicted relevant: 1, 2, 4 -> tp=2 fp=1 fn=1: precision 2/3, recall 2/3, f1 2/3
        boolean[] predicted = {true, true, false, true, false};
        // rows with labels: 1 (top quantization: hit), 2 (top quantization: miss; pruning also chosen)
        List<List<String>> leaves = List.of(List.of("quantization"), List.of("quantization", "pruning"), List.of(),
                List.of(), List.of());
        double[] ms = {1, 2, 3, 4, 100};
        Evaluate.Report r = Evaluate.report(rows, predicted, leaves, ms);

        assertThat(r.relevance()).isEqualTo("relevance precision=0.667 recall=0.667 f1=0.667 n=5 positives=3");
        // top1 = 1/2. Per gold leaf: quantization tp1 fp1 fn0 -> 2/3; pruning tp1 -> 1; distillation fn1 -> 0.
        assertThat(r.leaves()).isEqualTo("leaves top1=0.500 macro_f1=0.556 n=2");
        assertThat(r.cost()).isEqualTo("cost ms_per_paper mean=22.000 median=3.000 p99=100.000");
    }

    @Test
    void relevanceIsAlsoShownApartForSureAndBorderlineLabels() throws Exception {
        List<LabeledTsv.Row> rows = file("arxiv_id\ttitle\tabstract\tlabels\trelevant\tconfidence",
                "1\tA\ta\tpeft\tyes\thigh",
                "2\tB\tb\t\tno\thigh",
                "3\tC\tc\t\tno\thigh",
                "4\tD\td\tpruning\tyes\tlow",
                "5\tE\te\t\tno\tlow");
        // sure rows: 1 found, 2 and 3 rejected -> all right; borderline: 4 missed, 5 predicted relevant
        boolean[] predicted = {true, false, false, false, true};

        assertThat(Evaluate.byConfidence(rows, predicted)).containsExactly(
                "(labels of high confidence) relevance precision=1.000 recall=1.000 f1=1.000 n=3 positives=1",
                "(labels of low confidence) relevance precision=0.000 recall=0.000 f1=0.000 n=2 positives=1");
        // a file without the column, or with one kind only, gets no such lines
        assertThat(Evaluate.byConfidence(rows.subList(0, 3), new boolean[] {true, false, false})).isEmpty();
    }

    @Test
    void fileWithoutRelevantColumnIsAllRelevantAndHasNoPrecision() throws Exception {
        List<LabeledTsv.Row> rows = file("arxiv_id\ttitle\tabstract\tlabels",
                "1\tA\t\tkv-cache",
                "2\tB\t\tpeft",
                "3\tC\t\tpeft",
                "4\tD\t\t");
        boolean[] predicted = {true, false, true, true};
        List<List<String>> leaves = List.of(List.of("kv-cache"), List.of("quantization"), List.of("peft"), List.of());
        Evaluate.Report r = Evaluate.report(rows, predicted, leaves, new double[] {1, 1, 1, 1});

        assertThat(r.relevance()).isEqualTo("relevance precision=na recall=0.750 f1=na n=4 positives=4");
        // top1 2/3; kv-cache F1 1, peft tp1 fn1 -> 2/3: macro (1 + 2/3) / 2
        assertThat(r.leaves()).isEqualTo("leaves top1=0.667 macro_f1=0.833 n=3");
    }

    @Test
    void explicitNoNegativesAlsoGivesNa() throws Exception {
        List<LabeledTsv.Row> rows = file("arxiv_id\trelevant\ttitle\tabstract\tlabels", "1\tyes\tA\t\t");
        Evaluate.Report r = Evaluate.report(rows, new boolean[] {false}, List.of(List.of()), new double[] {0.5});
        assertThat(r.relevance()).isEqualTo("relevance precision=na recall=0.000 f1=na n=1 positives=1");
        assertThat(r.leaves()).isEqualTo("leaves top1=na macro_f1=na n=0");
    }

    @Test
    void badRelevantValueIsAClearError() throws Exception {
        assertUnreadable("arxiv_id\ttitle\tabstract\tlabels\trelevant\n1\tA\ta\t\tmaybe\n", "line 2", "yes or no");
    }

    private void assertUnreadable(String content, String... messageParts) throws Exception {
        Path f = Files.writeString(dir.resolve("bad.tsv"), content);
        var thrown = org.assertj.core.api.Assertions.assertThatThrownBy(() -> LabeledTsv.read(f))
                .isInstanceOf(IllegalArgumentException.class);
        for (String part : messageParts) {
            thrown.hasMessageContaining(part);
        }
    }

    @Test
    void quotedFieldsReadAsPythonsCsvWritesThem() throws Exception {
        // as the shared labelled files quote: a field holding a quote is quoted, inner quotes doubled
        List<LabeledTsv.Row> rows = file("\uFEFFArxiv_ID\tTitle\tabstract\tlabels\tRelevant",
                "2306.14050\t\"Small Models Can Also \"\"Think\"\" Step-by-Step\"\t\tDistillation, pruning\tYES",
                "2\t\"A title\twith a tab\"\t\"one line\nand another\"\t\tfalse",
                "3\t\"Think\" twice\tabstract \"as written\t\t0");
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).title()).isEqualTo("Small Models Can Also \"Think\" Step-by-Step");
        assertThat(rows.get(0).relevant()).isTrue();
        assertThat(rows.get(0).labels()).containsExactly("distillation", "pruning");
        assertThat(rows.get(1).title()).isEqualTo("A title\twith a tab");
        assertThat(rows.get(1).abstractText()).isEqualTo("one line\nand another");
        assertThat(rows.get(1).relevant()).isFalse();
        // a stray quote that does not close a field is text
        assertThat(rows.get(2).title()).isEqualTo("\"Think\" twice");
        assertThat(rows.get(2).abstractText()).isEqualTo("abstract \"as written");
        assertThat(rows.get(2).relevant()).isFalse();
    }

    @Test
    void cellsRoundTrip() throws Exception {
        String title = "\"Quoted\" start, a\ttab and \"\"two\"\"";
        List<LabeledTsv.Row> rows = file("arxiv_id\ttitle\tabstract\tlabels",
                "1\t" + LabeledTsv.cell(title) + "\t" + LabeledTsv.cell("plain") + "\tpruning");
        assertThat(rows.get(0).title()).isEqualTo(title);
        assertThat(rows.get(0).abstractText()).isEqualTo("plain");
        assertThat(LabeledTsv.cell("plain")).isEqualTo("plain");
    }

    @Test
    void aShortRowNamesItsLine() throws Exception {
        // the record on line 3 runs over two lines (a quoted line break) and still has only two fields
        assertUnreadable("arxiv_id\ttitle\tabstract\tlabels\n1\tA\ta\t\n\"2\"\t\"B\nb\"\n", "line 3", "2 fields");
    }

    @Test
    void aGoldInnerNodeIsHeldByAnyLeafBeneathItAndAnUnknownIdByNone() throws Exception {
        // curated lists file some papers under a section (architecture) rather than a leaf
        List<LabeledTsv.Row> rows = file("arxiv_id\ttitle\tabstract\tlabels",
                "1\tA\t\tarchitecture", "2\tB\t\tscalable-training", "3\tC\t\tno-such-leaf",
                "4\tD\t\tquantization");
        List<List<String>> leaves = List.of(List.of("efficient-attention"), List.of("quantization", "parallelism"),
                List.of("pruning"), List.of("quantization"));
        Evaluate.Report r = Evaluate.report(rows, new boolean[] {true, true, true, true}, leaves, new double[] {1});
        // top1: rows 1 and 4 (row 2's top leaf is not beneath scalable-training, row 3's label matches nothing).
        // Per gold label: architecture 1, scalable-training 1 (parallelism), no-such-leaf 0, quantization tp1 fp1 2/3.
        assertThat(r.leaves()).isEqualTo("leaves top1=0.500 macro_f1=0.667 n=4");
        assertThat(LeafMetrics.notes(rows.stream().map(LabeledTsv.Row::labels).toList())).containsExactly(
                "gold labels naming inner nodes, held by any predicted leaf beneath them: {architecture=1, "
                        + "scalable-training=1}",
                "gold labels the taxonomy does not know, never matched: {no-such-leaf=1}");
    }
}
