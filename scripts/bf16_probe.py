#!/usr/bin/python3
"""Issue 14 probe: PyTorch CPU speed of small-conv in fp32 vs bf16 (autocast, and explicit casts) on this CPU.

Run with Debian's interpreter (python3-torch), with jemalloc like the Java side:

    LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2 MALLOC_CONF=dirty_decay_ms:-1,muzzy_decay_ms:-1 \
    OMP_NUM_THREADS=2 /usr/bin/python3 scripts/bf16_probe.py [--steps 30] [--repeats 2] [--matmul]

Modes, same net / batch / loss / Adam / channels-last input as scripts/bench_reference.py:
  fp32      the reference as it is;
  autocast  torch.autocast("cpu", dtype=torch.bfloat16) around the forward (train) / inference;
  castsact  as casts, but conv outputs stay bf16 (BN with bf16 input and fp32 parameters, ReLU, pool in bf16);
  casts     no autocast: each conv and the Linear cast input and weight to bf16 and the output back to fp32
            (what DJL would have to do by hand, issue 14's design); BN, L2, loss in fp32.
Prints one JSON line per (mode, repeat), plus the error of the bf16 forward against fp32 on the same weights,
and with --matmul the 2048^3 matmul GFLOP/s in fp32 and bf16.
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_reference import SmallConv  # noqa: E402


class CastConv(nn.Conv2d):
    def forward(self, x):
        return F.conv2d(x.to(torch.bfloat16), self.weight.to(torch.bfloat16), None, self.stride, self.padding).float()


class CastConvAct(nn.Conv2d):
    """castsact: the conv's output stays bf16 (BN gets bf16 input with fp32 parameters, ReLU/max-pool in bf16)."""
    def forward(self, x):
        return F.conv2d(x.to(torch.bfloat16), self.weight.to(torch.bfloat16), None, self.stride, self.padding)


class CastLinear(nn.Linear):
    def forward(self, x):
        return F.linear(x.to(torch.bfloat16), self.weight.to(torch.bfloat16), self.bias.to(torch.bfloat16)).float()


def cast_model(m, act=False):
    """A copy of SmallConv with CastConv / CastLinear (same weights)."""
    import copy
    c = copy.deepcopy(m)
    for i, layer in enumerate(c.features):
        if isinstance(layer, nn.Conv2d):
            n = (CastConvAct if act else CastConv)(layer.in_channels, layer.out_channels, 3, padding=1, bias=False)
            n.weight = layer.weight
            c.features[i] = n
    fc = CastLinear(c.fc.in_features, c.fc.out_features)
    fc.weight, fc.bias = c.fc.weight, c.fc.bias
    c.fc = fc
    return c


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--batch", type=int, default=96)
    p.add_argument("--steps", type=int, default=30)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--repeats", type=int, default=2)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--modes", default="fp32,autocast,casts")
    p.add_argument("--matmul", action="store_true")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    rng = np.random.default_rng(42)
    pixels = rng.standard_normal((a.batch, 64, 64, 1), dtype=np.float32)
    target = rng.standard_normal((a.batch, 128), dtype=np.float32)
    target = torch.from_numpy(target / np.linalg.norm(target, axis=1, keepdims=True))

    def batch():
        return torch.from_numpy(pixels.copy()).permute(0, 3, 1, 2)

    base = SmallConv(1, 32, 128).to(memory_format=torch.channels_last)

    # accuracy of one forward on the same weights (inference-mode BN)
    base.eval()
    with torch.no_grad():
        ref = base(batch())[1]
        with torch.autocast("cpu", dtype=torch.bfloat16):
            ac = base(batch())[1].float()
        cs = cast_model(base)(batch())[1]
        csa = cast_model(base, act=True)(batch())[1]
    scale = ref.abs().max().item()
    print(json.dumps({"forward_rel_err_autocast": (ac - ref).abs().max().item() / scale,
                      "forward_rel_err_casts": (cs - ref).abs().max().item() / scale,
                      "forward_rel_err_castsact": (csa - ref).abs().max().item() / scale}))

    def timed(fn):
        for _ in range(a.warmup):
            fn()
        t = []
        for _ in range(a.steps):
            t0 = time.perf_counter()
            fn()
            t.append(time.perf_counter() - t0)
        return t

    for r in range(a.repeats):
        for mode in a.modes.split(","):
            torch.manual_seed(0)
            model = SmallConv(1, 32, 128).to(memory_format=torch.channels_last)
            if mode in ("casts", "castsact"):
                model = cast_model(model, act=mode == "castsact")
            opt = torch.optim.Adam(model.parameters(), lr=1e-4)
            ac = mode == "autocast"

            def train_step():
                opt.zero_grad(set_to_none=True)
                with torch.autocast("cpu", dtype=torch.bfloat16, enabled=ac):
                    emb, _ = model(batch())
                loss = ((emb.float() - target) ** 2).sum()
                loss.backward()
                opt.step()

            def infer():
                with torch.autocast("cpu", dtype=torch.bfloat16, enabled=ac):
                    return model(batch())

            model.train()
            tt = timed(train_step)
            model.eval()
            with torch.no_grad():
                it = timed(infer)
            print(json.dumps({"impl": "pytorch", "torch": torch.__version__, "mode": mode, "repeat": r,
                              "load1": os.getloadavg()[0],
                              "train_img_s": round(a.batch * a.steps / sum(tt), 1),
                              "infer_img_s": round(a.batch * a.steps / sum(it), 1),
                              "train_img_s_median": round(a.batch / float(np.median(tt)), 1),
                              "infer_img_s_median": round(a.batch / float(np.median(it)), 1)}), flush=True)

    if a.matmul:
        for dt in (torch.float32, torch.bfloat16):
            x = torch.randn(2048, 2048).to(dt)
            y = torch.randn(2048, 2048).to(dt)
            for _ in range(3):
                x @ y
            t = []
            for _ in range(10):
                t0 = time.perf_counter()
                x @ y
                t.append(time.perf_counter() - t0)
            print(json.dumps({"matmul": str(dt), "gflops": round(2 * 2048 ** 3 / float(np.median(t)) / 1e9, 1)}))


if __name__ == "__main__":
    main()
