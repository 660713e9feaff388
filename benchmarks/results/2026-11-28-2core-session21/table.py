# Prints, for each results file named on the command line (without .json), S's maxima and 70% phases
# with the CPU milliseconds per committed transfer of the three PostgreSQL servers, the three nodes
# and the whole machine, and the cores busy and p99 of the fixed-rate phases.
#   python3 table.py sb-1 base-1 sb-2 base-2 v18-1 base-3 v18-2 base-4 j25-1
import json,os,sys
def row(f):
    d=json.load(open(f'{f}.json'))
    out={}
    for m in d['measurements']:
        if m['system']!='S': continue
        cpu=m['cpuSeconds']; pg=sum(v for k,v in cpu.items() if k.startswith('postgres'))
        nodes=sum(v for k,v in cpu.items() if k.startswith('node'))
        out[(m['mix'],m['load'])]=dict(rate=m['committedPerSecond'],p50=m['p50Ms'],p99=m['p99Ms'],pg=pg*1000/max(1,m['committed']),nodes=nodes*1000/max(1,m['committed']),mach=cpu['machine']*1000/max(1,m['committed']),cores=cpu['machine']/m['seconds'],apply=m['nodes'].get('applyMs',0))
    return out
for f in sys.argv[1:]:
    if not os.path.exists(f'{f}.json'): continue
    r=row(f)
    u=r[('uniform','max')]; h=r[('hot','max')]; u7=r[('uniform','70%')]; h7=r[('hot','70%')]
    fx=[(k[1],v) for k,v in r.items() if k[1].endswith('/s')]
    print(f"{f}: uni max {u['rate']:.0f} (pg {u['pg']:.3f}, nodes {u['nodes']:.3f}, mach {u['mach']:.3f}, apply {u['apply']:.0f} ms) | hot max {h['rate']:.0f} (pg {h['pg']:.3f}, mach {h['mach']:.3f}) | uni70 {u7['rate']:.0f} p99 {u7['p99']:.0f} | hot70 {h7['rate']:.0f} p99 {h7['p99']:.0f} | " + ' '.join(f"{k[0][:3]}{k[1]} cores {v['cores']:.2f} p99 {v['p99']:.0f}" for k,v in r.items() if k[1].endswith('/s')))
