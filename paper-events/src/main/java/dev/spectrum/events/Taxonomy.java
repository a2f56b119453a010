package dev.spectrum.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Efficiency Spectrum taxonomy (survey sections 3-7 plus marked extensions), read from {@code taxonomy.yaml}. It is
 * part of the contract: events carry its leaf ids. Ids are stable; a query on any node includes its descendants.
 */
public final class Taxonomy {

    public static final String RESOURCE = "/taxonomy.yaml";

    private static volatile Taxonomy standard;

    private final int version;
    private final List<Node> roots;
    private final Map<String, Node> byId = new LinkedHashMap<>();
    private final Map<String, String> parentOf = new LinkedHashMap<>();
    private final List<String> leaves;

    /** A node of the tree; leaves have no children. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Node(String id, String name, String scope,
            @JsonProperty("survey_section") Integer surveySection, boolean extension, List<Node> children) {
        public Node {
            children = children == null ? List.of() : List.copyOf(children);
        }

        public boolean isLeaf() {
            return children.isEmpty();
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    private record Document(int version, List<Node> nodes) {
    }

    private Taxonomy(Document doc) {
        this.version = doc.version();
        this.roots = List.copyOf(doc.nodes());
        roots.forEach(root -> index(root, null));
        this.leaves = byId.values().stream().filter(Node::isLeaf).map(Node::id).toList();
    }

    private void index(Node node, String parent) {
        if (byId.putIfAbsent(node.id(), node) != null) {
            throw new IllegalStateException("taxonomy id used twice: " + node.id());
        }
        if (parent != null) {
            parentOf.put(node.id(), parent);
        }
        node.children().forEach(child -> index(child, node.id()));
    }

    /** The taxonomy shipped with the service. */
    public static Taxonomy standard() {
        Taxonomy t = standard;
        if (t == null) {
            try (InputStream in = Taxonomy.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("missing " + RESOURCE);
                }
                t = read(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            standard = t;
        }
        return t;
    }

    public static Taxonomy read(InputStream yaml) throws IOException {
        return new Taxonomy(new ObjectMapper(new YAMLFactory()).readValue(yaml, Document.class));
    }

    public int version() {
        return version;
    }

    public List<Node> roots() {
        return roots;
    }

    public Optional<Node> node(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public boolean contains(String id) {
        return byId.containsKey(id);
    }

    /** Every node id, parents before children, in file order. */
    public Set<String> ids() {
        return Collections.unmodifiableSet(byId.keySet());
    }

    /** Leaf ids in file order; a leaf's position is its index in {@link #leafIndex}. */
    public List<String> leaves() {
        return leaves;
    }

    /** Position of a leaf among {@link #leaves()}, or -1. */
    public int leafIndex(String id) {
        return leaves.indexOf(id);
    }

    /** The top-level node a node belongs to (itself for a top-level node), e.g. for grouping digests. */
    public String root(String id) {
        String at = id;
        while (parentOf.containsKey(at)) {
            at = parentOf.get(at);
        }
        return at;
    }

    /** The node itself and every node below it. */
    public Set<String> selfAndDescendants(String id) {
        Node node = byId.get(id);
        if (node == null) {
            return Set.of();
        }
        Set<String> out = new LinkedHashSet<>();
        collect(node, out);
        return out;
    }

    /** Leaves at or below the node. */
    public Set<String> leavesUnder(String id) {
        Set<String> out = new LinkedHashSet<>();
        for (String d : selfAndDescendants(id)) {
            if (byId.get(d).isLeaf()) {
                out.add(d);
            }
        }
        return out;
    }

    /** The path from the root to the node, both included. */
    public List<String> path(String id) {
        List<String> path = new ArrayList<>();
        for (String at = id; at != null; at = parentOf.get(at)) {
            path.add(0, at);
        }
        return byId.containsKey(id) ? path : List.of();
    }

    public String name(String id) {
        Node node = byId.get(id);
        return node == null ? id : node.name();
    }

    private static void collect(Node node, Set<String> out) {
        out.add(node.id());
        node.children().forEach(child -> collect(child, out));
    }
}
