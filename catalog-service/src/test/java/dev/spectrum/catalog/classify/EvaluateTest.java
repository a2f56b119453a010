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
        Path f = dir.resolve("bad.tsv");
        Files.writeString(f, "arxiv_id\ttitle\tabstract\tlabels\trelevant\n1\tA\ta\t\tmaybe\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LabeledTsv.read(f))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 2")
                .hasMessageContaining("yes or no");
    }
}
