package dev.spectrum.catalog.classify.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spectrum.catalog.classify.Model;
import dev.spectrum.catalog.classify.SpectrumClassifier;
import dev.spectrum.catalog.classify.Embedder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training is reproducible and never reads a development file. */
class TrainTest {

    private static final Path LABELED = Path.of("..", "data", "labeled");

    @TempDir
    Path dir;

    /** A small real training file: the first positives with leaves and the first negatives of stream-train.tsv. */
    private Path smallInput(String name, boolean flipFirst) throws Exception {
        List<String> lines = Files.readAllLines(LABELED.resolve("stream-train.tsv"));
        List<String> header = List.of(lines.get(0).split("\t", -1));
        int relevant = header.indexOf("relevant");
        int labels = header.indexOf("labels");
        List<String> out = new ArrayList<>(List.of(lines.get(0)));
        int pos = 0;
        int neg = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t", -1);
            boolean yes = f[relevant].equals("yes") && !f[labels].isEmpty();
            if (yes && pos < 16) {
                pos++;
                out.add(line);
            } else if (f[relevant].equals("no") && neg < 16) {
                neg++;
                out.add(line);
            }
        }
        if (flipFirst) {
            for (int i = 1; i < out.size(); i++) {
                String[] f = out.get(i).split("\t", -1);
                if (f[relevant].equals("yes")) {
                    f[relevant] = "no";
                    f[labels] = "";
                    out.set(i, String.join("\t", f));
                    break;
                }
            }
        }
        Path p = dir.resolve(name);
        Files.write(p, out);
        return p;
    }

    private static byte[] train(Path file) throws Exception {
        Train t = new Train(Train.DEFAULT, 17, 2);
        Model m = t.run(List.of(file), null, "20260101", true, new Train.EmbeddingCache(null));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        m.write(bytes);
        return bytes.toByteArray();
    }

    @Test
    void sameInputGivesTheSameModelAndADifferentInputADifferentVersion() throws Exception {
        Path input = smallInput("small-train.tsv", false);
        byte[] first = train(input);
        byte[] second = train(input);
        assertThat(second).isEqualTo(first);

        Model model = Model.read(new ByteArrayInputStream(first));
        assertThat(model.version).matches("spectrum-clf-20260101-[0-9a-f]{8}");
        assertThat(model.labelled).hasSize(32);
        // the trained model classifies: a paper it learned from comes out on the right side
        SpectrumClassifier c = new SpectrumClassifier(model, Embedder.shared());
        assertThat(c.modelVersion()).isEqualTo(model.version);

        Model changed = Model.read(new ByteArrayInputStream(train(smallInput("small-changed.tsv", true))));
        assertThat(changed.version).isNotEqualTo(model.version);
    }

    @Test
    void nearestNeighboursAreTheMostSimilarInOrderWithEarlierFirstOnTies() {
        double[] sims = {0.1, 0.9, 0.5, 0.9, -0.3, 0.7, 0.5};

        assertThat(Train.topK(sims, 4)).containsExactly(1, 3, 5, 2);
        assertThat(Train.topK(sims, 1)).containsExactly(1);
        assertThat(Train.topK(sims, 10)).containsExactly(1, 3, 5, 2, 6, 0, 4);
        assertThat(Train.topK(new double[0], 3)).isEmpty();
    }

    @Test
    void aThresholdIsTheMiddleOfTheBestPlateauNotALoneSpike() {
        // a lone high point (index 1) beside low ones loses to a broad plateau a little lower (indices 5-7)
        double[] f1 = {0.70, 0.83, 0.70, 0.74, 0.78, 0.81, 0.82, 0.81, 0.78, 0.74};
        assertThat(Train.plateauArgmax(f1, 1)).isEqualTo(6);
        assertThat(Train.plateauArgmax(f1, 0)).isEqualTo(1);
        // ends average over fewer points; ties keep the first
        assertThat(Train.plateauArgmax(new double[] {0.9, 0.1, 0.1}, 1)).isEqualTo(0);
        assertThat(Train.plateauArgmax(new double[] {0.5, 0.5, 0.5}, 1)).isEqualTo(0);
    }

    @Test
    void developmentFilesAreNeverRead() throws Exception {
        List<Path> files = Train.trainingFiles(LABELED, List.of());
        assertThat(files).isNotEmpty().noneMatch(p -> p.getFileName().toString().contains("-dev"));
        assertThat(files).anyMatch(p -> p.getFileName().toString().equals("stream-train.tsv"));

        assertThatThrownBy(() -> Train.trainingFiles(LABELED, List.of(LABELED.resolve("stream-dev.tsv"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("development");
        Path copy = Files.copy(LABELED.resolve("stream-dev.tsv"), dir.resolve("my-dev-copy.tsv"));
        assertThatThrownBy(() -> new Train(Train.DEFAULT, 1, 2).examples(List.of(copy)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("development");
    }

    @Test
    void aPaperOfADevelopmentFileNeverTrainsEvenWhenATrainingFileCarriesIt() throws Exception {
        Path train = smallInput("train.tsv", false);
        List<String> lines = Files.readAllLines(train);
        String header = lines.get(0);
        String shared = lines.get(1).split("\t", -1)[0];
        Files.write(dir.resolve("held-dev.tsv"), List.of(header, lines.get(1)));

        List<String> ids = new Train(Train.DEFAULT, 1, 2).examples(List.of(train)).stream().map(e -> e.id()).toList();

        assertThat(ids).hasSize(lines.size() - 2).doesNotContain(shared);
    }

    @Test
    void correctionsGivenLastOverrideEarlierLabels() throws Exception {
        Path base = smallInput("base.tsv", false);
        String firstId = Files.readAllLines(base).get(1).split("\t")[0];
        Path corrections = dir.resolve("corrections.tsv");
        Files.writeString(corrections, "arxiv_id\ttitle\tabstract\tlabels\trelevant\n" + firstId
                + "\tCorrected title\t\t\tno\n");
        List<Train.Example> examples = new Train(Train.DEFAULT, 1, 2).examples(List.of(base, corrections));
        Train.Example corrected = examples.stream().filter(e -> e.id().equals(firstId)).findFirst().orElseThrow();
        assertThat(corrected.relevant()).isFalse();
        assertThat(corrected.title()).isEqualTo("Corrected title");
        assertThat(examples.stream().filter(e -> e.id().equals(firstId))).hasSize(1);
    }
}
