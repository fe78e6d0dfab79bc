#!/usr/bin/env python3
"""Writes the two TorchScript cast modules model.encoder.Bf16Casts loads (issue 14).

DJL 0.36's JNI cannot name bfloat16 (NDArray.toType(BFLOAT16) aborts the JVM) and its toType is not
differentiable for any dtype. A TorchScript module whose forward is `x.to(dtype)` runs the cast inside
libtorch, where autograd records it, and hands DJL only a tensor handle: the bf16 dtype never crosses the
JNI. The modules hold code only (no weights, ~1.4 KB each). Run once with Debian's python3-torch; the
outputs are committed under src/main/resources, so neither the build nor a run needs Python:

    /usr/bin/python3 scripts/make_cast_modules.py src/main/resources/org/tripletlab/model/encoder
"""
import sys

import torch


class ToBFloat16(torch.nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.to(torch.bfloat16)


class ToFloat32(torch.nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.to(torch.float32)


def main(out_dir):
    torch.jit.save(torch.jit.script(ToBFloat16()), out_dir + "/cast-bf16.pt")
    torch.jit.save(torch.jit.script(ToFloat32()), out_dir + "/cast-fp32.pt")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
