# Draws the papers of stream-train-e.tsv (sample=strong) and stream-train-f.tsv (sample=pool): every arxiv-stream paper
# of 2025-03..2025-10 not labelled before (as of the files a-d) whose title or abstract names a language-model term
# AND an efficiency term. "strong" = those that also name a specific efficiency technique; "pool" = the rest.
# With --late: stream-train-g.tsv, the "strong" papers of 2025-11..2026-03 that are not in stream-dev.tsv (or any
# other labelled file). With --late-pool: stream-train-h.tsv, the rest of the pool of 2025-11..2026-03 (LLM term and
# efficiency term, no specific technique), not in any labelled file, the development set included.
# Each set was shuffled (seeds 505, 606; 707 for --late, 808 for --late-pool) and cut into 8 chunks for the labelling
# sessions; every paper was then read and labelled one by one. Deterministic.
# Run from the repository root: python3 data/labeled/tools/draw-pool.py OUTDIR [--late | --late-pool]
import gzip, json, csv, random, re, glob, os, sys
csv.field_size_limit(10**9)
out = sys.argv[1] if len(sys.argv) > 1 else 'pool-out'
mode = 'late-pool' if '--late-pool' in sys.argv else 'late' if '--late' in sys.argv else 'early'
late = mode != 'early'
# The files a mode's draw became are not excluded as "labelled before", so that a rerun draws the same papers.
drawn_into = {'early': ('stream-train-e.tsv', 'stream-train-f.tsv', 'stream-train-g.tsv'),
              'late': ('stream-train-g.tsv',), 'late-pool': ('stream-train-h.tsv',)}[mode]
os.makedirs(out, exist_ok=True)
excl = set()
for f in glob.glob('data/labeled/*.tsv'):
    if os.path.basename(f) in drawn_into:
        continue
    for r in csv.DictReader(open(f), delimiter='\t', quoting=csv.QUOTE_NONE):
        excl.add(r['arxiv_id'])
papers, seen = [], set()
months = ['2025-11', '2025-12', '2026-01', '2026-02', '2026-03'] if late else \
    ['2025-03', '2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10']
for m in months:
    for line in gzip.open(f'../shared/data/arxiv-stream/{m}.jsonl.gz', 'rt'):
        p = json.loads(line)
        if p['id'] in excl or p['id'] in seen:
            continue
        seen.add(p['id'])
        papers.append(p)
llm = re.compile(r'\b(LLMs?|MLLMs?|VLMs?|LVLMs?|SLMs?|language models?|GPT|transformers?|LLaMA|Llama|Qwen|Mistral|DeepSeek|Gemma|foundation models?|chatbots?|VLA|reasoning models?|LRMs?)\b|language model', re.I)
eff = re.compile(r'efficien|compress|quantiz|prun|distil|speed|latency|memory|throughput|sparse|sparsity|cache|caching|accelerat|\bcost|FLOPs|token|low-rank|LoRA|lightweight|inference time|energy|parameter-efficient|PEFT|mixture-of-experts|MoE|overthink|budget', re.I)
strong = re.compile(r'quantiz|prun|distill|KV cache|speculative|low-rank|LoRA|PEFT|parameter-efficient|token (pruning|merging|reduction|compression)|efficient (inference|training|fine-tuning|attention|reasoning)|sparse attention|mixture-of-experts|\bMoE\b|compress|early exit|overthinking|throughput|latency|serving|inference acceleration|linear attention|state space|Mamba|memory footprint|FLOPs', re.I)
text = lambda p: p['title'] + ' ' + p['abstract']
pool = [p for p in papers if llm.search(text(p)) and eff.search(text(p))]
sp = [p for p in pool if strong.search(text(p))]
ids = {p['id'] for p in sp}
rest = [p for p in pool if p['id'] not in ids]
print(len(papers), 'unlabelled papers;', len(pool), 'in the pool,', len(sp), 'strong,', len(rest), 'rest')
parts = {'early': (('strong', sp, 505), ('pool', rest, 606)), 'late': (('late', sp, 707),),
         'late-pool': (('late-pool', rest, 808),)}[mode]
for name, part, seed in parts:
    random.Random(seed).shuffle(part)
    for i in range(8):
        with open(f'{out}/{name}-{i}.jsonl', 'w') as f:
            for p in part[i::8]:
                f.write(json.dumps({'arxiv_id': p['id'], 'title': p['title'], 'abstract': p['abstract'],
                                    'categories': ' '.join(p['categories']), 'announced': p['announced']}) + '\n')
