# Context switches of the whole machine (ctxt of /proc/stat, sampled every second with the epoch
# time and the CPU jiffies: <name>-proc-stat.txt) in each S phase of a results file, per transfer.
#   python3 ctx.py io base
import json,sys
for tag in sys.argv[1:]:
    d=json.load(open(f'{tag}.json'))
    samples=[tuple(map(float,l.split())) for l in open(f'{tag}-proc-stat.txt') if len(l.split())==3]
    for m in d['measurements']:
        if m['system']!='S': continue
        tl=m['timeline']
        end=tl[-1]['endEpochMs']/1000; start=end-m['seconds']
        win=[s for s in samples if start<=s[0]<=end]
        if len(win)<2: continue
        dt=win[-1][0]-win[0][0]; cs=(win[-1][1]-win[0][1])/dt
        print(f"{tag} {m['mix']:7} {m['load']:9} {m['committedPerSecond']:8.0f}/s  ctxt/s {cs:8.0f}  per transfer {cs/max(1,m['committedPerSecond']):6.2f}")
