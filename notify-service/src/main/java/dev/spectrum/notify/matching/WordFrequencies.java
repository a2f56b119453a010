package dev.spectrum.notify.matching;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** How common words are in arXiv titles and abstracts ({@code word-frequencies.txt}); words not listed count as rare. */
final class WordFrequencies {

    private static final Map<String, Integer> PER_MILLION = load();

    private WordFrequencies() {
    }

    static int perMillion(String word) {
        return PER_MILLION.getOrDefault(word, 0);
    }

    private static Map<String, Integer> load() {
        Map<String, Integer> out = new HashMap<>();
        try (InputStream in = WordFrequencies.class.getResourceAsStream("/word-frequencies.txt")) {
            if (in == null) {
                return out;
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.startsWith("#") && !line.isBlank()) {
                    int space = line.lastIndexOf(' ');
                    out.put(line.substring(0, space), Integer.parseInt(line.substring(space + 1)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
