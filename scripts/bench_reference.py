#!/usr/bin/python3
"""PyTorch reference for EncoderBenchmark's small-conv training/inference throughput.

Run with Debian's interpreter (it has python3-torch); the pyenv `python3` on PATH has no torch:

    /usr/bin/python3 scripts/bench_reference.py --batch 96 --size 64 --channels 1 --width 32 \
        --embedding 128 --threads 2 --steps 30 --warmup 5

Builds the same network as org.tripletlab.model.encoder.SmallConvEncoder, "small-conv" (4 stages of bias-free
conv3x3 + BatchNorm + ReLU, widths w,2w,4w,8w, 2x2 max-pool between stages, global average pool,
Linear to d, x / sqrt(sum x^2 + 1e-12)), the same surrogate loss sum ||n_i - t_i||^2 with fixed
unit targets, Adam, channels-last input, and prints one JSON line with the same keys as the Java
side. --precision bf16 runs the step under PyTorch's CPU autocast to bfloat16 (the Java side's bf16 is the
same mixed precision, cast in the blocks). Timings are wall-clock over `steps` iterations after `warmup` untimed ones; the *_median values
are batch / median step time (robust to other processes briefly taking the cores). train_phase_ms holds the
median of each training phase (batch, forward, backward = loss + autograd backward, optimizer = Adam step and
zeroing the gradients, free = 0: PyTorch frees by reference count inside the phases), the same phases as
model.EncoderBenchmark's. --profile TRACE.json runs the warm-up and `steps` training steps under the autograd
profiler instead of timing and writes its Chrome trace (compare with scripts/profile_summary.py).
"""
import argparse
import json
import time

import numpy as np
import torch
import torch.nn as nn


class SmallConv(nn.Module):
    def __init__(self, channels, width, embedding):
        super().__init__()
        layers = []
        cin = channels
        for i, cout in enumerate([width, 2 * width, 4 * width, 8 * width]):
            if i > 0:
                layers.append(nn.MaxPool2d(2, 2))
            layers += [nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU()]
            cin = cout
        self.features = nn.Sequential(*layers)
        self.fc = nn.Linear(cin, embedding)

    def forward(self, x):
        raw = self.fc(torch.mean(self.features(x), dim=(2, 3)))
        return raw / torch.sqrt((raw * raw).sum(dim=1, keepdim=True) + 1e-12), raw


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--batch", type=int, default=96)
    p.add_argument("--size", type=int, default=64)
    p.add_argument("--channels", type=int, default=1)
    p.add_argument("--width", type=int, default=32)
    p.add_argument("--embedding", type=int, default=128)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--steps", type=int, default=30)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--no-channels-last", action="store_true")
    p.add_argument("--profile", metavar="TRACE", help="profile the training steps and write a Chrome trace here")
    p.add_argument("--precision", choices=["fp32", "bf16"], default="fp32",
                   help="bf16: the whole step (forward and loss) under torch.autocast('cpu', dtype=torch.bfloat16), "
                        "PyTorch's own CPU mixed precision; fp32 weights and optimizer either way")
    a = p.parse_args()

    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    rng = np.random.default_rng(42)
    # Same data path as the Java side: a host buffer laid out B x H x W x C, viewed as B x C x H x W.
    pixels = rng.standard_normal((a.batch, a.size, a.size, a.channels), dtype=np.float32)
    target = rng.standard_normal((a.batch, a.embedding), dtype=np.float32)
    target = torch.from_numpy(target / np.linalg.norm(target, axis=1, keepdims=True))

    model = SmallConv(a.channels, a.width, a.embedding)
    if not a.no_channels_last:
        model = model.to(memory_format=torch.channels_last)
    opt = torch.optim.Adam(model.parameters(), lr=1e-4)

    def batch():
        x = torch.from_numpy(pixels.copy())  # a fresh batch per step, like a loader would hand over
        x = x.permute(0, 3, 1, 2)  # channels-last view of B x C x H x W
        return x if not a.no_channels_last else x.contiguous()

    def autocast():
        return torch.autocast("cpu", dtype=torch.bfloat16, enabled=a.precision == "bf16")

    phases = []

    def train_step():
        t0 = time.perf_counter()
        x = batch()
        t1 = time.perf_counter()
        with autocast():
            emb, _ = model(x)
            t2 = time.perf_counter()
            loss = ((emb.float() - target) ** 2).sum()
        loss.backward()
        t3 = time.perf_counter()
        opt.step()
        opt.zero_grad(set_to_none=True)
        t4 = time.perf_counter()
        phases.append((t1 - t0, t2 - t1, t3 - t2, t4 - t3, 0.0))

    def timed(fn):
        for _ in range(a.warmup):
            fn()
        times = []
        for _ in range(a.steps):
            t = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t)
        return times

    model.train()
    if a.profile:
        for _ in range(a.warmup):
            train_step()
        with torch.autograd.profiler.profile(record_shapes=True) as prof:  # Debian's 1.13 has no kineto: the legacy profiler
            for _ in range(a.steps):
                train_step()
        prof.export_chrome_trace(a.profile)
        return
    train_t = timed(train_step)
    train_phases = phases[a.warmup:]
    model.eval()
    with torch.no_grad():
        def infer():
            with autocast():
                return model(batch())
        infer_t = timed(infer)

    print(json.dumps({
        "impl": "pytorch", "torch": torch.__version__, "arch": "small-conv", "precision": a.precision, "batch": a.batch,
        "size": a.size, "channels": a.channels, "threads": torch.get_num_threads(),
        "channels_last": not a.no_channels_last, "warmup": a.warmup, "steps": a.steps,
        "params": sum(p.numel() for p in model.parameters()),
        "train_img_s": round(a.batch * a.steps / sum(train_t), 1),
        "infer_img_s": round(a.batch * a.steps / sum(infer_t), 1),
        "train_img_s_median": round(a.batch / float(np.median(train_t)), 1),
        "infer_img_s_median": round(a.batch / float(np.median(infer_t)), 1),
        "train_phase_ms": {name: round(1000 * float(np.median([p[i] for p in train_phases])), 2)
                           for i, name in enumerate(["batch", "forward", "backward", "optimizer", "free"])},
    }))


if __name__ == "__main__":
    main()
