package dev.spectrum.system.deploy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The configuration keys a service's {@code @ConfigMapping} interfaces declare, read from their source the way
 * SmallRye Config names them: each method becomes a kebab-case key under the prefix, nested interfaces become
 * sub-prefixes, {@code @WithName} and {@code @WithParentName} are honoured. A key is required when it has no
 * {@code @WithDefault} and is not an Optional, a Map or a collection of groups.
 */
final class ConfigMappingKeys {

    /** A key, or with {@code prefix} a family of keys (a Map, a list of groups) that starts with it. */
    record Key(String name, boolean required, boolean prefix, String declaredIn) {
    }

    private static final Pattern MAPPING = Pattern.compile(
            "@(?:io\\.smallrye\\.config\\.)?ConfigMapping\\s*\\(([^)]*)\\)[^{;]*?\\binterface\\s+(\\w+)");
    private static final Pattern PREFIX = Pattern.compile("prefix\\s*=\\s*(\"#\\d+\")");
    private static final Pattern INTERFACE = Pattern.compile("\\binterface\\s+(\\w+)[^{;]*\\{");
    private static final Pattern METHOD = Pattern.compile(
            "^\\s*((?:@[\\w.]+\\s*(?:\\([^)]*\\))?\\s*)*)(?:public\\s+|abstract\\s+)*"
                    + "([\\w.]+\\s*(?:<.*>)?(?:\\[\\])?)\\s+(\\w+)\\s*\\(\\s*\\)\\s*$",
            Pattern.DOTALL);
    private static final Pattern WITH_NAME = Pattern.compile("@(?:[\\w.]*\\.)?WithName\\s*\\(\\s*(\"#\\d+\")\\s*\\)");
    private static final Set<String> OPTIONALS = Set.of("Optional", "OptionalInt", "OptionalLong", "OptionalDouble");
    private static final Set<String> COLLECTIONS = Set.of("List", "Set", "Collection");

    /** Member declarations of one interface: its body with nested blocks cut out, split at semicolons. */
    private record Body(JavaSource source, String name, List<String> members) {
    }

    private final Map<String, Body> interfaces = new HashMap<>();
    private final List<Key> keys = new ArrayList<>();

    private ConfigMappingKeys() {
    }

    /** Every key of every {@code @ConfigMapping} interface among the given sources. */
    static List<Key> read(List<JavaSource> sources) {
        ConfigMappingKeys reader = new ConfigMappingKeys();
        for (JavaSource source : sources) {
            Matcher m = INTERFACE.matcher(source.code);
            while (m.find()) {
                int open = m.end() - 1;
                String body = source.code.substring(open + 1, source.closingBrace(open));
                reader.interfaces.putIfAbsent(m.group(1), new Body(source, m.group(1), members(body)));
            }
        }
        for (JavaSource source : sources) {
            Matcher m = MAPPING.matcher(source.code);
            while (m.find()) {
                Matcher prefix = PREFIX.matcher(m.group(1));
                String name = prefix.find() ? source.string(prefix.group(1)) : "";
                reader.collect(m.group(2), name, false, 0);
            }
        }
        return reader.keys;
    }

    private void collect(String interfaceName, String prefix, boolean optional, int depth) {
        Body body = interfaces.get(interfaceName);
        if (body == null || depth > 10) {
            return;
        }
        for (String member : body.members) {
            Matcher m = METHOD.matcher(member);
            if (!m.matches()) {
                continue;
            }
            String annotations = m.group(1);
            String type = m.group(2).replaceAll("\\s+", "");
            String method = m.group(3);
            Matcher withName = WITH_NAME.matcher(annotations);
            String segment = withName.find() ? body.source.string(withName.group(1)) : kebab(method);
            String key = annotations.contains("WithParentName") ? prefix : join(prefix, segment);
            boolean hasDefault = annotations.contains("WithDefault");
            String raw = type.contains("<") ? type.substring(0, type.indexOf('<')) : type;
            String argument = type.contains("<") ? type.substring(type.indexOf('<') + 1, type.lastIndexOf('>')) : "";
            String declaredIn = body.name + "." + method + "()";
            if (OPTIONALS.contains(simple(raw))) {
                if (interfaces.containsKey(simple(argument))) {
                    collect(simple(argument), key, true, depth + 1);
                } else {
                    keys.add(new Key(key, false, false, declaredIn));
                }
            } else if (simple(raw).equals("Map")) {
                keys.add(new Key(key, false, true, declaredIn));
            } else if (COLLECTIONS.contains(simple(raw)) && interfaces.containsKey(simple(argument))) {
                keys.add(new Key(key, false, true, declaredIn));
            } else if (interfaces.containsKey(simple(raw))) {
                collect(simple(raw), key, optional, depth + 1);
            } else {
                keys.add(new Key(key, !optional && !hasDefault, false, declaredIn));
            }
        }
    }

    private static List<String> members(String body) {
        StringBuilder flat = new StringBuilder();
        int depth = 0;
        for (char c : body.toCharArray()) {
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
                if (depth == 0) {
                    flat.append(';');
                }
            } else if (depth == 0) {
                flat.append(c);
            }
        }
        return List.of(flat.toString().split(";"));
    }

    /** SmallRye's naming: {@code maxPageSize} → {@code max-page-size}, {@code smtpURL} → {@code smtp-url}. */
    static String kebab(String method) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < method.length(); i++) {
            char c = method.charAt(i);
            if (Character.isUpperCase(c) && i > 0) {
                char before = method.charAt(i - 1);
                boolean nextLower = i + 1 < method.length() && Character.isLowerCase(method.charAt(i + 1));
                if (!Character.isUpperCase(before) || nextLower) {
                    out.append('-');
                }
            }
            out.append(Character.toLowerCase(c));
        }
        return out.toString();
    }

    private static String join(String prefix, String segment) {
        return prefix.isEmpty() ? segment : prefix + "." + segment;
    }

    private static String simple(String type) {
        String t = type.strip();
        return t.contains(".") ? t.substring(t.lastIndexOf('.') + 1) : t;
    }
}
