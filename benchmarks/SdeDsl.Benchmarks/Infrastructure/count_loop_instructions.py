#!/usr/bin/python3
"""Counts the hot loop of each method in a JIT listing (docs/benchmarks.md, "Issue 18, round 4: kernels").

Usage (from the repository root, after a Release build of the benchmarks):
  rm -f /tmp/x.asm
  DOTNET_JitDisasm='Vector256Loop Sum4Range Loop' DOTNET_JitStdOutFile=/tmp/x.asm \
    dotnet benchmarks/SdeDsl.Benchmarks/bin/Release/net10.0/SdeDsl.Benchmarks.dll --interleaved --rounds 1 --size 262144 --skip-forced --probes
  /usr/bin/python3 benchmarks/SdeDsl.Benchmarks/Infrastructure/count_loop_instructions.py /tmp/x.asm

Per method: the largest block that jumps back to itself and touches ymm memory (the unrolled AVX2 loop, 64 bytes of
output per iteration for two vectors, 128 for four), up to its back edge: every instruction, the memory reads (and how
many are folded into an arithmetic instruction), stores, vmul/vadd/vsub, broadcasts, stack accesses (spills),
address arithmetic (lea/mov/add other than the index) and loop overhead (index add, cmp, jcc). Software prefetches
count as loads. The JIT appends to DOTNET_JitStdOutFile: delete it before each run.
"""
import re, sys
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
