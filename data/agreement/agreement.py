#!/usr/bin/env python3
"""How far a second, independent reading of labelled papers agrees with the first.

Usage: agreement.py FIRST.tsv SECOND.tsv

FIRST is a labelled file (data/labeled/...), SECOND a second reading of some of its papers (columns arxiv_id,
relevant, labels, confidence, rationale). Prints relevance precision/recall/F1 of the second reading taking the first
as gold (all papers, then by the first reading's confidence) and the leaf top-1 agreement: the second reading's first
leaf is among the first reading's leaves, on papers both call relevant and both give leaves.
"""
import sys


def read(path):
    # Only the leading columns are needed; they never hold tabs or quotes, so a split is exact.
    with open(path, encoding="utf-8-sig") as f:
        header = f.readline().rstrip("\n").split("\t")
        col = {name.strip().lower(): i for i, name in enumerate(header)}
        rows = {}
        for line in f:
            cells = line.rstrip("\n").split("\t")
            rows[cells[col["arxiv_id"]]] = {k: cells[i] if i < len(cells) else "" for k, i in col.items()}
        return rows


def relevance(first, second, ids):
    tp = sum(1 for a in ids if first[a]["relevant"] == "yes" and second[a]["relevant"] == "yes")
    fp = sum(1 for a in ids if first[a]["relevant"] != "yes" and second[a]["relevant"] == "yes")
    fn = sum(1 for a in ids if first[a]["relevant"] == "yes" and second[a]["relevant"] != "yes")
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return f"precision={p:.3f} recall={r:.3f} f1={f1:.3f} n={len(ids)} positives={tp + fn}"


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    first, second = read(sys.argv[1]), read(sys.argv[2])
    missing = [a for a in second if a not in first]
    if missing:
        sys.exit(f"{len(missing)} papers of {sys.argv[2]} are not in {sys.argv[1]}, e.g. {missing[0]}")
    ids = list(second)
    print("relevance", relevance(first, second, ids))
    for conf in ("high", "low"):
        part = [a for a in ids if first[a].get("confidence") == conf]
        if part:
            print(f"(first reading's {conf} confidence) relevance", relevance(first, second, part))
    both = [a for a in ids if first[a]["relevant"] == "yes" and second[a]["relevant"] == "yes"
            and first[a]["labels"] and second[a]["labels"]]
    top1 = sum(1 for a in both if second[a]["labels"].split(";")[0] in first[a]["labels"].split(";"))
    print(f"leaves top1={top1 / len(both) if both else 0:.3f} n={len(both)}")


if __name__ == "__main__":
    main()
