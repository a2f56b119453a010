package dev.spectrum.notify.taxonomy;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The taxonomy of {@code taxonomy.yaml} (a copy of the shared one) as subscriptions need it: ids, names, leaves below a node. */
public final class Taxonomy {

    private static final Taxonomy STANDARD = load("/taxonomy.yaml");

    private final Map<String, Node> byId = new LinkedHashMap<>();
    private final Map<String, String> parentOf = new LinkedHashMap<>();
    private final List<String> leaves = new ArrayList<>();

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Node(String id, String name, List<Node> children) {
        Node {
            children = children == null ? List.of() : children;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Document(int version, List<Node> nodes) {
    }

    private Taxonomy(Document doc) {
        doc.nodes().forEach(n -> index(n, null));
    }

    private void index(Node node, String parent) {
        if (byId.putIfAbsent(node.id(), node) != null) {
            throw new IllegalStateException("taxonomy id used twice: " + node.id());
        }
        if (parent != null) {
            parentOf.put(node.id(), parent);
        }
        if (node.children().isEmpty()) {
            leaves.add(node.id());
        }
        node.children().forEach(c -> index(c, node.id()));
    }

    public static Taxonomy standard() {
        return STANDARD;
    }

    static Taxonomy load(String resource) {
        try (InputStream in = Taxonomy.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing " + resource);
            }
            return new Taxonomy(new ObjectMapper(new YAMLFactory()).readValue(in, Document.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean contains(String id) {
        return byId.containsKey(id);
    }

    public String name(String id) {
        Node n = byId.get(id);
        return n == null ? id : n.name();
    }

    /** Leaf ids in file order; a leaf's position is its bit in {@link #leafIndex}. */
    public List<String> leaves() {
        return leaves;
    }

    /** Position of a leaf among {@link #leaves()}, or -1. */
    public int leafIndex(String id) {
        return leaves.indexOf(id);
    }

    /** The leaves at or below a node (a leaf gives itself). */
    public Set<String> leavesUnder(String id) {
        Set<String> out = new LinkedHashSet<>();
        Node n = byId.get(id);
        if (n != null) {
            collect(n, out);
        }
        return out;
    }

    /** The top-level node a leaf belongs to, for grouping digests. */
    public String root(String id) {
        String at = id;
        while (parentOf.containsKey(at)) {
            at = parentOf.get(at);
        }
        return at;
    }

    private static void collect(Node n, Set<String> out) {
        if (n.children().isEmpty()) {
            out.add(n.id());
        }
        n.children().forEach(c -> collect(c, out));
    }
}
