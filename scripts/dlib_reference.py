#!/usr/bin/python3
"""Independent PyTorch version of the dlib face-recognition ResNet (tripletlab's `dlib-resnet` encoder).

Run with Debian's interpreter (it has python3-torch); the pyenv `python3` on PATH has no torch. Two uses:

  /usr/bin/python3 scripts/dlib_reference.py fixture [--out src/test/resources/dlib-resnet/reference.json]
      builds the network from models/dlib-resnet/ (scripts/fetch-pretrained.sh), feeds it two fixed 150x150 RGB
      images of pseudo-random bytes (no faces: a 32-bit LCG, see lcg_bytes) and writes their 128-D outputs, plus a
      few dequantised weights, as the fixture DlibResNetEncoderTest compares the Java block with.

  /usr/bin/python3 scripts/dlib_reference.py bench --images 15402 --batch 64 --threads 2
      inference throughput of the same network in native PyTorch (img/s), the reference for the Java number
      (`tripletlab eval` embedding LFW View 2's 7,701 images and their mirror images = 15,402 forwards).

Written from face-api's FaceRecognitionNet (the layer order and normalisation, @vladmandic/face-api 1.7.15) and the
TF.js weights-manifest format, sharing no code with the Java side: the manifest is decoded with numpy, the
layers are torch.nn.functional calls on NCHW tensors, the input normalisation is applied to the bytes.
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

MODEL_DIR = "models/dlib-resnet"
MANIFEST = "face_recognition_model-weights_manifest.json"
MEAN_RGB = (122.782, 117.001, 104.298)


def read_manifest(folder):
    """name -> float32 numpy array in the manifest's (TF.js) layout; value = q * scale + min for quantised ones."""
    with open(os.path.join(folder, MANIFEST)) as f:
        groups = json.load(f)
    out = {}
    for g in groups:
        data = b"".join(open(os.path.join(folder, p), "rb").read() for p in g["paths"])
        at = 0
        for w in g["weights"]:
            n = int(np.prod(w["shape"]))
            q = w.get("quantization")
            if q is None:
                v = np.frombuffer(data, dtype="<f4", count=n, offset=at).astype(np.float32)
                at += 4 * n
            else:
                assert q["dtype"] == "uint8", q
                codes = np.frombuffer(data, dtype=np.uint8, count=n, offset=at)
                v = (codes.astype(np.float64) * q["scale"] + q["min"]).astype(np.float32)
                at += n
            out[w["name"]] = v.reshape(w["shape"])
        assert at == len(data), (at, len(data))
    return out


class DlibResNet:
    def __init__(self, weights):
        self.w = {k: torch.from_numpy(v.copy()) for k, v in weights.items()}

    def conv(self, x, prefix, stride, relu):
        k = self.w[prefix + "/conv/filters"].permute(3, 2, 0, 1).contiguous()  # HWIO -> OIHW
        pad = 0 if stride == 2 else k.shape[-1] // 2  # strided convs "valid", the others "same" (odd kernel: symmetric)
        y = F.conv2d(x, k, self.w[prefix + "/conv/bias"], stride=stride, padding=pad)
        y = y * self.w[prefix + "/scale/weights"].view(1, -1, 1, 1) + self.w[prefix + "/scale/biases"].view(1, -1, 1, 1)
        return F.relu(y) if relu else y

    def residual(self, x, prefix):
        y = self.conv(x, prefix + "/conv1", 1, True)
        y = self.conv(y, prefix + "/conv2", 1, False)
        return F.relu(y + x)

    def residual_down(self, x, prefix):
        y = self.conv(x, prefix + "/conv1", 2, True)
        y = self.conv(y, prefix + "/conv2", 1, False)
        s = F.avg_pool2d(x, 2, 2)
        s = F.pad(s, (0, 0, 0, 0, 0, y.shape[1] - s.shape[1]))  # zero channels appended
        y = F.pad(y, (0, s.shape[3] - y.shape[3], 0, s.shape[2] - y.shape[2]))  # zero rows/cols bottom-right
        return F.relu(y + s)

    def forward(self, pixels, dtype=torch.float32):
        """pixels: N x 3 x H x W float tensor of 0..255 RGB samples -> N x 128 (before L2 normalisation)."""
        mean = torch.tensor(MEAN_RGB, dtype=dtype).view(1, 3, 1, 1)
        x = (pixels - mean) / 255.0
        x = self.conv(x, "conv32_down", 2, True)
        x = F.max_pool2d(x, 3, 2)
        for name in ("conv32_1", "conv32_2", "conv32_3"):
            x = self.residual(x, name)
        x = self.residual_down(x, "conv64_down")
        for name in ("conv64_1", "conv64_2", "conv64_3"):
            x = self.residual(x, name)
        x = self.residual_down(x, "conv128_down")
        for name in ("conv128_1", "conv128_2"):
            x = self.residual(x, name)
        x = self.residual_down(x, "conv256_down")
        for name in ("conv256_1", "conv256_2"):
            x = self.residual(x, name)
        x = self.residual_down(x, "conv256_down_out")
        x = x.mean(dim=(2, 3))
        return x @ self.w["fc"]


def lcg_bytes(seed, count):
    """count bytes: state <- (1664525 * state + 1013904223) mod 2^32, byte = state >> 24 (DlibResNetEncoderTest's too)."""
    out = np.empty(count, dtype=np.uint8)
    s = seed & 0xFFFFFFFF
    for i in range(count):
        s = (1664525 * s + 1013904223) & 0xFFFFFFFF
        out[i] = s >> 24
    return out


def fixture(args):
    weights = read_manifest(args.models)
    size, seeds = 150, [1, 2]
    images = [lcg_bytes(seed, size * size * 3).reshape(size, size, 3) for seed in seeds]  # H x W x RGB, row-major
    pixels = torch.from_numpy(np.stack(images).astype(np.float32)).permute(0, 3, 1, 2).contiguous()
    # in float64 (the float32 weights widened exactly), so the fixture holds the network's values, not one
    # float32 evaluation order's rounding; the Java block (float32) is compared with a tolerance
    net64 = DlibResNet({k: v.astype(np.float64) for k, v in weights.items()})
    with torch.no_grad():
        raw = net64.forward(pixels.double(), dtype=torch.float64)
    unit = raw / raw.norm(dim=1, keepdim=True)
    samples = {}
    for name, idx in (("conv32_down/conv/filters", [0, 1, 2, 3, 4700]), ("conv64_down/conv1/conv/filters", [0, 1, 18431]),
                      ("conv32_down/scale/weights", [0, 31]), ("fc", [0, 32767])):
        flat = weights[name].reshape(-1)
        samples[name] = {"index": idx, "value": [float(flat[i]) for i in idx]}
    doc = {
        "what": "dlib-resnet on two 150x150 RGB images of LCG bytes (scripts/dlib_reference.py fixture); raw = before L2",
        "torch": torch.__version__,
        "size": size, "seeds": seeds, "lcg": "state <- (1664525*state + 1013904223) mod 2^32; byte = state >> 24; H x W x RGB",
        "raw": [[float(v) for v in row] for row in raw],
        "unit": [[float(v) for v in row] for row in unit],
        "weights": samples,
    }
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    tmp = args.out + ".tmp"
    with open(tmp, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    os.replace(tmp, args.out)
    print(f"wrote {args.out}: raw norms {[round(float(n), 4) for n in raw.norm(dim=1)]}")


def bench(args):
    torch.set_num_threads(args.threads)
    net = DlibResNet(read_manifest(args.models))
    x = torch.rand(args.batch, 3, 150, 150) * 255
    if args.channels_last:
        x = x.contiguous(memory_format=torch.channels_last)
    with torch.inference_mode():
        for _ in range(2):
            net.forward(x)
        done, times = 0, []
        t0 = time.perf_counter()
        while done < args.images:
            n = min(args.batch, args.images - done)
            t = time.perf_counter()
            net.forward(x[:n])
            times.append((time.perf_counter() - t) / n)
            done += n
        total = time.perf_counter() - t0
    print(json.dumps({"engine": "pytorch " + torch.__version__, "images": args.images, "batch": args.batch,
                      "threads": args.threads, "channels_last": args.channels_last, "seconds": round(total, 2),
                      "img_per_s": round(args.images / total, 1),
                      "img_per_s_median_batch": round(1 / float(np.median(times)), 1)}))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--models", default=MODEL_DIR)
    sub = p.add_subparsers(dest="cmd", required=True)
    f = sub.add_parser("fixture")
    f.add_argument("--out", default="src/test/resources/dlib-resnet/reference.json")
    b = sub.add_parser("bench")
    b.add_argument("--images", type=int, default=15402)
    b.add_argument("--batch", type=int, default=64)
    b.add_argument("--threads", type=int, default=2)
    b.add_argument("--channels-last", action="store_true")
    args = p.parse_args()
    if not os.path.isfile(os.path.join(args.models, MANIFEST)):
        sys.exit(f"{args.models}/{MANIFEST}: missing; run scripts/fetch-pretrained.sh first")
    fixture(args) if args.cmd == "fixture" else bench(args)


if __name__ == "__main__":
    main()
