import gzip,json,csv,random,re
csv.field_size_limit(10**9)
excl={r['arxiv_id'] for r in csv.DictReader(open('/work/shared/data/labeled/arxiv-stream-labeled.tsv'),delimiter='\t')}
papers=[]
seen=set()
for m in ['2025-11','2025-12','2026-01','2026-02','2026-03']:
    for line in gzip.open(f'/work/shared/data/arxiv-stream/{m}.jsonl.gz','rt'):
        p=json.loads(line)
        if p['id'] in excl or p['id'] in seen: continue
        seen.add(p['id']); papers.append(p)
print(len(papers),'papers, excluded',len(excl))
llm=re.compile(r'\b(LLMs?|MLLMs?|VLMs?|LVLMs?|SLMs?|language models?|GPT|transformers?|LLaMA|Llama|Qwen|Mistral|DeepSeek|Gemma|foundation models?|chatbots?)\b|language model',re.I)
eff=re.compile(r'efficien|compress|quantiz|prun|distil|speed|latency|memory|throughput|sparse|sparsity|cache|caching|accelerat|\bcost|FLOPs|token|low-rank|LoRA|lightweight|inference time|energy',re.I)
def match(p):
    t=p['title']+' '+p['abstract']
    return bool(llm.search(t)) and bool(eff.search(t))
pool=[p for p in papers if match(p)]
print('enriched pool',len(pool))
enr=random.Random(23).sample(pool,300)
ids={p['id'] for p in enr}
rest=[p for p in papers if p['id'] not in ids]
rnd=random.Random(29).sample(rest,600)
json.dump(enr,open('enr.json','w')); json.dump(rnd,open('rnd.json','w'))
print(sum(match(p) for p in rnd),'of random match filter')
