package dev.spectrum.system.deploy;

import java.util.ArrayList;
import java.util.List;

/**
 * A Java source file reduced to what the drift check reads: comments removed and every string literal replaced by a
 * numbered placeholder ({@code "#3"}), so that braces, semicolons and slashes inside strings cannot mislead the
 * regular expressions that read declarations.
 */
final class JavaSource {

    final String code;
    private final List<String> strings;

    private JavaSource(String code, List<String> strings) {
        this.code = code;
        this.strings = strings;
    }

    static JavaSource parse(String text) {
        StringBuilder code = new StringBuilder(text.length());
        List<String> strings = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '/' && i + 1 < n && text.charAt(i + 1) == '/') {
                while (i < n && text.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
                int end = text.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
                code.append(' ');
            } else if (text.startsWith("\"\"\"", i)) {
                int end = text.indexOf("\"\"\"", i + 3);
                end = end < 0 ? n : end;
                code.append(placeholder(strings, text.substring(i + 3, end).strip()));
                i = Math.min(n, end + 3);
            } else if (c == '"' || c == '\'') {
                StringBuilder literal = new StringBuilder();
                i++;
                while (i < n && text.charAt(i) != c) {
                    if (text.charAt(i) == '\\' && i + 1 < n) {
                        literal.append(unescape(text.charAt(i + 1)));
                        i += 2;
                    } else {
                        literal.append(text.charAt(i++));
                    }
                }
                i++;
                code.append(c == '"' ? placeholder(strings, literal.toString()) : "' '");
            } else {
                code.append(c);
                i++;
            }
        }
        return new JavaSource(code.toString(), strings);
    }

    /** The literal a placeholder such as {@code "#3"} (quotes included or not) stands for, or null. */
    String string(String placeholder) {
        String p = placeholder.strip();
        if (p.startsWith("\"") && p.endsWith("\"") && p.length() >= 2) {
            p = p.substring(1, p.length() - 1);
        }
        if (!p.startsWith("#")) {
            return null;
        }
        try {
            return strings.get(Integer.parseInt(p.substring(1)));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            return null;
        }
    }

    /** Index of the brace closing the one at {@code open}. */
    int closingBrace(int open) {
        int depth = 0;
        for (int i = open; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        return code.length();
    }

    private static String placeholder(List<String> strings, String literal) {
        strings.add(literal);
        return "\"#" + (strings.size() - 1) + "\"";
    }

    private static char unescape(char c) {
        return switch (c) {
            case 'n' -> '\n';
            case 't' -> '\t';
            case 'r' -> '\r';
            default -> c;
        };
    }
}
