# Prints one row per S phase of the runs named on the command line (files <name>.json here):
# committed/s, client percentiles, median per-second p99, CPU ms per transfer (machine, 3 PostgreSQL
# servers) and the nodes counters. Usage: python3 summarize.py base-3 new-5 pipe-1
import json,os,sys,statistics
runs=sys.argv[1:]
rows=[]
for r in runs:
    try: d=json.load(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), f'{r}.json')))
    except Exception: continue
    seen={}
    for m in d['measurements']:
        if m['system']!='S': continue
        key=(m['mix'], m['load'])
        seen[key]=m
    for (mix,load),m in seen.items():
        c=m['cpuSeconds']; n=m.get('nodes',{})
        tl=[t['p99Ms'] for t in m.get('timeline',[]) if t.get('inFlight',1)>0] or [0]
        pg=sum(v for k,v in c.items() if k.startswith('postgres'))
        rows.append((mix,load,r,f"{m['committedPerSecond']:.0f}",f"{m['p50Ms']:.1f}",f"{m['p90Ms']:.0f}",f"{m['p99Ms']:.0f}",f"{statistics.median(tl):.0f}",f"{1000*c['machine']/m['committed']:.3f}",f"{1000*pg/m['committed']:.3f}",f"{n.get('commitMs',0):.1f}",f"{n.get('applyMs',0):.1f}",f"{n.get('slotsPerSecond',0):.0f}",f"{n.get('applyTransactionsPerSecond',0):.1f}"))
order={'max':0,'70%':1,'4000/s':2,'1000/s':3,'unloaded':4}
rows.sort(key=lambda x:(x[0],order.get(x[1],9),x[2]))
print("mix load run /s p50 p90 p99 secp99med machine_ms/tx pg_ms/tx commitMs applyMs slots/s applytx/s")
for x in rows: print(' '.join(x))
