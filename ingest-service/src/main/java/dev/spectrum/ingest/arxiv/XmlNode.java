package dev.spectrum.ingest.arxiv;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A small namespace-aware element tree read with a hardened StAX parser: any DTD is refused before it is processed, so
 * neither external entities (XXE) nor entity expansion (billion laughs) can happen. Responses are size-capped by the HTTP
 * client before they get here, so a tree is cheap and lets the parsers ignore element order and prefixes.
 */
public final class XmlNode {

    private static final XMLInputFactory FACTORY = factory();

    public final String ns;
    public final String name;
    final Map<String, String> attributes = new LinkedHashMap<>(2);
    final List<XmlNode> children = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();

    private XmlNode(String ns, String name) {
        this.ns = ns == null ? "" : ns;
        this.name = name;
    }

    private static XMLInputFactory factory() {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        return f;
    }

    /** Parses a document; malformed or truncated XML is a retryable {@link FeedException}, a DTD a permanent one. */
    public static XmlNode parse(byte[] xml) {
        XMLStreamReader r = null;
        try {
            synchronized (FACTORY) {
                r = FACTORY.createXMLStreamReader(new ByteArrayInputStream(xml));
            }
            List<XmlNode> stack = new ArrayList<>();
            XmlNode root = null;
            while (r.hasNext()) {
                int event = r.next();
                switch (event) {
                    case XMLStreamConstants.DTD -> throw new FeedException("XML with a DTD is refused (no DTDs, no entities)", false);
                    case XMLStreamConstants.ENTITY_REFERENCE ->
                        throw new FeedException("XML entity reference &" + r.getLocalName() + "; is refused", false);
                    case XMLStreamConstants.START_ELEMENT -> {
                        XmlNode node = new XmlNode(r.getNamespaceURI(), r.getLocalName());
                        for (int i = 0; i < r.getAttributeCount(); i++) {
                            node.attributes.put(r.getAttributeLocalName(i), r.getAttributeValue(i));
                        }
                        if (stack.isEmpty()) {
                            root = node;
                        } else {
                            stack.get(stack.size() - 1).children.add(node);
                        }
                        stack.add(node);
                    }
                    case XMLStreamConstants.END_ELEMENT -> stack.remove(stack.size() - 1);
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                        if (!stack.isEmpty()) {
                            stack.get(stack.size() - 1).text.append(r.getText());
                        }
                    }
                    default -> {
                    }
                }
            }
            if (root == null || !stack.isEmpty()) {
                throw new FeedException("truncated XML: the document ends inside <" + (stack.isEmpty() ? "?" : stack.get(stack.size() - 1).name) + ">", true);
            }
            return root;
        } catch (XMLStreamException e) {
            String message = e.getMessage() == null ? "" : e.getMessage().replaceAll("\\s+", " ");
            // The JDK parser reports undeclared entities (what a dropped DTD leaves behind) as a stream error.
            boolean entity = message.contains("was referenced, but not declared");
            throw new FeedException((entity ? "XML entity refused: " : "malformed or truncated XML: ") + message, !entity, e);
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException ignored) {
                    // nothing held open: the input is a byte array
                }
            }
        }
    }

    public XmlNode child(String ns, String name) {
        for (XmlNode c : children) {
            if (c.name.equals(name) && (ns == null || c.ns.equals(ns))) {
                return c;
            }
        }
        return null;
    }

    public List<XmlNode> children(String ns, String name) {
        List<XmlNode> out = new ArrayList<>();
        for (XmlNode c : children) {
            if (c.name.equals(name) && (ns == null || c.ns.equals(ns))) {
                out.add(c);
            }
        }
        return out;
    }

    public List<XmlNode> children() {
        return children;
    }

    /** The element's text, whitespace folded to single spaces; null when there is no such element. */
    public String text(String ns, String name) {
        XmlNode c = child(ns, name);
        return c == null ? null : c.text();
    }

    /** Folded text, or null when the element holds only whitespace. */
    public String text() {
        String folded = fold(text);
        return folded.isEmpty() ? null : folded;
    }

    /** Text exactly as it appears, for fields whose line breaks carry meaning. */
    public String rawText() {
        return text.toString();
    }

    public String attr(String name) {
        return attributes.get(name);
    }

    static String fold(CharSequence s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean space = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                space = out.length() > 0;
            } else {
                if (space) {
                    out.append(' ');
                    space = false;
                }
                out.append(c);
            }
        }
        return out.toString();
    }
}
