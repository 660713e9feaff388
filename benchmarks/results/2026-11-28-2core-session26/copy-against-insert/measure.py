import subprocess,time,re
import sys
D=sys.argv[1]  # the scratch server's socket directory (port 55433)
def cpu_of(pid):
    f=open(f'/proc/{pid}/stat').read().split(')')[1].split()
    return (int(f[11])+int(f[12]))/100.0
res={'insert':[], 'copy':[]}
for k in range(10,40):
    method='insert' if k%2==0 else 'copy'
    sql=("INSERT INTO h SELECT account_id, seq, slot, command_id, type, amount_minor, balance_after_minor, counterparty_account_id, event_time FROM src WHERE batch = %d" % k) if method=='insert' else ("COPY h FROM '%s/csv/b%d.csv' (FORMAT csv)" % (D,k))
    p=subprocess.Popen(['psql','-h',D,'-p','55433','-U','postgres','-q','-X','-At'],stdin=subprocess.PIPE,stdout=subprocess.PIPE,text=True)
    p.stdin.write('SELECT pg_backend_pid();\n'); p.stdin.flush()
    pid=int(p.stdout.readline())
    c0=cpu_of(pid); t0=time.time()
    p.stdin.write(sql+';\nSELECT 1;\n'); p.stdin.flush(); p.stdout.readline()
    t1=time.time(); c1=cpu_of(pid)
    p.stdin.close(); p.wait()
    res[method].append((c1-c0, t1-t0))
for m,v in res.items():
    cpus=sorted(x[0] for x in v); walls=sorted(x[1] for x in v)
    print(m, 'cpu s per 8000 rows median %.3f (min %.3f max %.3f)'%(cpus[len(cpus)//2],cpus[0],cpus[-1]), 'wall median %.3f'%walls[len(walls)//2], 'us/row %.2f'%(cpus[len(cpus)//2]*1e6/8000))
