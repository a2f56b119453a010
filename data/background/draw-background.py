"""Draws the background negatives used by Train from ../shared/data/arxiv-stream (months 2025-03..2025-10 only, so
nothing of the development months 2025-11..2026-03). Papers that a keyword prefilter flags as LLM + efficiency are left
out, as are papers in any labelled file, so what remains is almost surely not efficient-LLM work (the hand-labelled
uniform samples put ~3% of all stream papers in scope, and nearly all of those match the prefilter). Deterministic.
Usage: python3 draw-background.py ../../../shared/data/arxiv-stream 3000 > stream-background.tsv"""
import csv, glob, gzip, json, os, random, re, sys

stream, count = sys.argv[1], int(sys.argv[2])
here = os.path.dirname(os.path.abspath(__file__))
csv.field_size_limit(10**9)
labelled = set()
for f in glob.glob(os.path.join(here, '..', 'labeled', '*.tsv')):
    labelled |= {r['arxiv_id'] for r in csv.DictReader(open(f), delimiter='\t', quoting=csv.QUOTE_NONE)}
# the same prefilter as data/labeled/tools/draw-dev.py uses for its enriched sample
llm = re.compile(r'\b(LLMs?|MLLMs?|VLMs?|LVLMs?|SLMs?|language models?|GPT|transformers?|LLaMA|Llama|Qwen|Mistral|DeepSeek|Gemma|foundation models?|chatbots?)\b|language model', re.I)
eff = re.compile(r'efficien|compress|quantiz|prun|distil|speed|latency|memory|throughput|sparse|sparsity|cache|caching|accelerat|\bcost|FLOPs|token|low-rank|LoRA|lightweight|inference time|energy', re.I)
pool = []
for m in ['2025-03', '2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10']:
    for line in gzip.open(os.path.join(stream, m + '.jsonl.gz'), 'rt'):
        p = json.loads(line)
        text = p['title'] + ' ' + p['abstract']
        if p['id'] in labelled or (llm.search(text) and eff.search(text)):
            continue
        pool.append(p)
pool.sort(key=lambda p: p['id'])
chosen = sorted(random.Random(31).sample(pool, count), key=lambda p: p['id'])
clean = lambda s: ' '.join((s or '').split())
print('arxiv_id\trelevant\tlabels\tsample\ttitle\tabstract\tannounced')
for p in chosen:
    print('\t'.join([p['id'], 'no', '', 'background', clean(p['title']), clean(p['abstract']), p['announced']]))
print(f'{len(pool)} papers in the pool, {count} drawn', file=sys.stderr)
