package dev.spectrum.notify.matching;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The one way text is cut into words, for papers and for subscription keywords alike. */
public final class Text {

    private Text() {
    }

    /** Lower-case words of letters and digits, accents removed; punctuation and hyphens separate words. */
    public static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        String s = text;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 127) {
                s = Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
                break;
            }
        }
        s = s.toLowerCase(Locale.ROOT);
        int start = -1;
        for (int i = 0; i <= s.length(); i++) {
            boolean word = i < s.length() && Character.isLetterOrDigit(s.charAt(i));
            if (word && start < 0) {
                start = i;
            } else if (!word && start >= 0) {
                out.add(s.substring(start, i));
                start = -1;
            }
        }
        return out;
    }
}
