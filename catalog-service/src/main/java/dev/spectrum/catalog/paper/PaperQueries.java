package dev.spectrum.catalog.paper;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Read-side queries in PostgreSQL: full-text search ({@code websearch_to_tsquery}, ranked with {@code ts_rank_cd} over
 * title A, abstract B, authors C), filters, counts per taxonomy node and trends. Leaf filters use the GIN-indexed
 * {@code leaf_ids} array of the decision as shown.
 */
@ApplicationScoped
public class PaperQueries {

    /** What to search; null fields do not filter. {@code relevant} null means relevant and not relevant alike. */
    public record Search(String text, Collection<String> leaves, String author, String category, LocalDate from,
            LocalDate to, Double minConfidence, Boolean relevant, boolean byDate, int offset, int limit) {
    }

    public record Hit(Paper paper, double rank) {
    }

    public record Result(long total, List<Hit> hits) {
    }

    public record Point(LocalDate period, long count) {
    }

    private final EntityManager em;

    public PaperQueries(EntityManager em) {
        this.em = em;
    }

    public Result search(Search s) {
        StringBuilder where = new StringBuilder(" WHERE true");
        Map<String, Object> params = new HashMap<>();
        boolean text = s.text() != null && !s.text().isBlank();
        String from = " FROM paper p";
        if (text) {
            from += ", websearch_to_tsquery('english', :text) q";
            where.append(" AND p.search @@ q");
            params.put("text", s.text());
        }
        if (s.leaves() != null) {
            where.append(" AND p.leaf_ids && string_to_array(:leaves, ',')");
            params.put("leaves", String.join(",", s.leaves()));
        }
        if (s.relevant() != null) {
            where.append(" AND p.relevant = :relevant");
            params.put("relevant", s.relevant());
        }
        if (s.author() != null && !s.author().isBlank()) {
            where.append(" AND p.author_names ILIKE :author ESCAPE '\\'");
            params.put("author", "%" + s.author().strip().replaceAll("([\\\\%_])", "\\\\$1") + "%");
        }
        if (s.category() != null && !s.category().isBlank()) {
            where.append(" AND p.categories @> ARRAY[CAST(:category AS text)]");
            params.put("category", s.category().strip());
        }
        if (s.from() != null) {
            where.append(" AND p.announced >= :from");
            params.put("from", s.from());
        }
        if (s.to() != null) {
            where.append(" AND p.announced <= :to");
            params.put("to", s.to());
        }
        if (s.minConfidence() != null) {
            where.append(" AND EXISTS (SELECT 1 FROM jsonb_array_elements(p.leaves) l"
                    + " WHERE CAST(l->>'confidence' AS float8) >= :min"
                    + (s.leaves() != null ? " AND l->>'id' = ANY(string_to_array(:leaves, ','))" : "") + ")");
            params.put("min", s.minConfidence());
        }
        String rank = text ? "ts_rank_cd(p.search, q)" : "coalesce(p.score, 0)";
        String order = s.byDate()
                ? " ORDER BY p.announced DESC NULLS LAST, p.arxiv_id DESC"
                : " ORDER BY rank DESC, p.announced DESC NULLS LAST, p.arxiv_id DESC";

        Query count = em.createNativeQuery("SELECT count(*)" + from + where);
        params.forEach(count::setParameter);
        long total = ((Number) count.getSingleResult()).longValue();
        if (total == 0 || s.offset() >= total) {
            return new Result(total, List.of());
        }
        Query page = em.createNativeQuery("SELECT p.arxiv_id, " + rank + " AS rank" + from + where + order
                + " LIMIT :limit OFFSET :offset");
        params.forEach(page::setParameter);
        page.setParameter("limit", s.limit());
        page.setParameter("offset", s.offset());
        @SuppressWarnings("unchecked")
        List<Object[]> rows = page.getResultList();
        Map<String, Paper> papers = byId(rows.stream().map(r -> (String) r[0]).toList());
        List<Hit> hits = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            hits.add(new Hit(papers.get((String) row[0]), ((Number) row[1]).doubleValue()));
        }
        return new Result(total, hits);
    }

    /** Relevant papers per node (distinct papers with at least one leaf under the node), for every node. */
    public Map<String, Long> countsPerNode(Map<String, Set<String>> leavesOfNode) {
        StringBuilder values = new StringBuilder();
        List<String[]> pairs = new ArrayList<>();
        leavesOfNode.forEach((node, leaves) -> leaves.forEach(leaf -> pairs.add(new String[] {node, leaf})));
        Map<String, Long> counts = new LinkedHashMap<>();
        leavesOfNode.keySet().forEach(n -> counts.put(n, 0L));
        if (pairs.isEmpty()) {
            return counts;
        }
        for (int i = 0; i < pairs.size(); i++) {
            values.append(i == 0 ? "" : ",").append("(:n").append(i).append(", :l").append(i).append(")");
        }
        Query q = em.createNativeQuery("SELECT t.node, count(DISTINCT p.arxiv_id) FROM paper p"
                + " CROSS JOIN LATERAL unnest(p.leaf_ids) AS u(leaf_id)"
                + " JOIN (VALUES " + values + ") AS t(node, leaf_id) ON t.leaf_id = u.leaf_id"
                + " WHERE p.relevant GROUP BY t.node");
        for (int i = 0; i < pairs.size(); i++) {
            q.setParameter("n" + i, pairs.get(i)[0]);
            q.setParameter("l" + i, pairs.get(i)[1]);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = q.getResultList();
        rows.forEach(r -> counts.put((String) r[0], ((Number) r[1]).longValue()));
        return counts;
    }

    public long countRelevant() {
        return Paper.count("relevant = true");
    }

    /** Relevant papers under the leaves (all relevant papers when null) per week or month of first announcement. */
    public List<Point> trend(Collection<String> leaves, String interval) {
        if (!interval.equals("week") && !interval.equals("month")) {
            throw new IllegalArgumentException("interval must be week or month");
        }
        Query q = em.createNativeQuery("SELECT CAST(date_trunc('" + interval + "', p.announced) AS date) AS period,"
                + " count(*) FROM paper p WHERE p.relevant AND p.announced IS NOT NULL"
                + (leaves != null ? " AND p.leaf_ids && string_to_array(:leaves, ',')" : "")
                + " GROUP BY 1 ORDER BY 1");
        if (leaves != null) {
            q.setParameter("leaves", String.join(",", leaves));
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = q.getResultList();
        return rows.stream().map(r -> new Point(toDate(r[0]), ((Number) r[1]).longValue())).toList();
    }

    /** The latest relevant papers under the leaves (all when null), newest decision first, for feeds. */
    public List<Paper> latest(Collection<String> leaves, int limit) {
        Query q = em.createNativeQuery("SELECT p.arxiv_id FROM paper p WHERE p.relevant"
                + (leaves != null ? " AND p.leaf_ids && string_to_array(:leaves, ',')" : "")
                + " ORDER BY p.decided_at DESC NULLS LAST, p.arxiv_id DESC LIMIT :limit");
        if (leaves != null) {
            q.setParameter("leaves", String.join(",", leaves));
        }
        q.setParameter("limit", limit);
        @SuppressWarnings("unchecked")
        List<String> ids = q.getResultList();
        Map<String, Paper> papers = byId(ids);
        return ids.stream().map(papers::get).toList();
    }

    /** Every relevant paper, newest announcement first, for the survey export. */
    public List<Paper> relevantByDate() {
        return Paper.list("relevant = true order by announced desc nulls last, arxivId desc");
    }

    private static Map<String, Paper> byId(List<String> ids) {
        Map<String, Paper> out = new HashMap<>();
        if (!ids.isEmpty()) {
            Paper.<Paper>list("arxivId in ?1", ids).forEach(p -> out.put(p.arxivId, p));
        }
        return out;
    }

    private static LocalDate toDate(Object o) {
        if (o instanceof LocalDate d) {
            return d;
        }
        if (o instanceof java.sql.Date d) {
            return d.toLocalDate();
        }
        return LocalDate.parse(o.toString().substring(0, 10));
    }
}
