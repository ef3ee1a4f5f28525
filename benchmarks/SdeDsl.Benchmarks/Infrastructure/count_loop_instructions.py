import re, sys
# Counts the instructions of each listing's first self-looping block (the unrolled loop: 64 bytes of output per iteration).
def blocks(lines):
    cur=None; out={}
    order=[]
    for l in lines:
        m=re.match(r'^(G_M\d+_IG\d+):',l)
        if m: cur=m.group(1); out[cur]=[]; order.append(cur); continue
        if cur and l.strip() and not l.strip().startswith(';') and not l.strip().startswith('align'):
            out[cur].append(l.strip())
    return order,out
text=open(sys.argv[1]).read().split('; Assembly listing for method ')[1:]
for t in text:
    lines=t.split('\n'); name=lines[0]
    order,b=blocks(lines)
    loop=None
    for k in order:
        ins=b[k]
        ends=[j for j,x in enumerate(ins) if re.match(r'^j\w+\s+(SHORT\s+)?'+k+r'$',x)]
        if ends: ins=ins[:ends[0]+1]
        if ends and any('ymmword' in i for i in ins):
            if loop is None or len(ins)>len(loop[1]): loop=(k,ins)
    if not loop: continue
    k,ins=loop
    ops=[i.split()[0] for i in ins]
    mem=[i for i in ins if 'ptr [' in i]
    stores=[i for i in ins if re.match(r'^v?mov\w*\s+\w+word ptr|^vmovnt',i)]
    loads=[i for i in mem if i not in stores]
    folded=[i for i in loads if not i.startswith('vmov')]
    spills=[i for i in mem if '[rbp' in i or '[rsp' in i]
    bcast=[i for i in ins if i.startswith('vbroadcast')]
    arith=[i for i in ins if re.match(r'^v(mul|add|sub)ps',i)]
    addr=[i for i in ins if re.match(r'^(lea|mov)\s',i) or (re.match(r'^add\s',i) and not re.match(r'^add\s+(rax|r9),',i))]
    ovh=[i for i in ins if re.match(r'^(cmp|j\w+)\s',i) or re.match(r'^add\s+(rax|r9),',i)]
    short=re.sub(r'SdeDsl\.(Kernels|Benchmarks\.Infrastructure)\.','',name.split(' (')[0])
    print(f"{len(ins):3d} ins | loads {len(loads):2d} (folded {len(folded):2d}) | stores {len(stores)} | vmul/vadd {len(arith):2d} | bcast {len(bcast)} | spill {len(spills)} | addr {len(addr)} | loop {len(ovh)} | {short[:150]}")
