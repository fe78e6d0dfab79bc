#!/usr/bin/env python3
"""Writes the TorchScript cast modules model.encoder.Bf16Casts loads (issue 14).

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


class ToBFloat16ChannelsLast(torch.nn.Module):
    """A conv weight O x I x kh x kw as bfloat16 laid out channels-last (O x kh x kw x I in memory), in one copy.

    libtorch's oneDNN convolution makes a channels-last copy of a weight that is not channels-last on every call,
    forward and backward (weight.contiguous(channels_last)); a weight cast straight into that layout is used as it
    is. The values are the same bfloat16 roundings as x.to(torch.bfloat16): only the memory order differs.
    """

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.to(torch.bfloat16, memory_format=torch.channels_last)


class ToFloat32(torch.nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.to(torch.float32)


def main(out_dir):
    torch.jit.save(torch.jit.script(ToBFloat16()), out_dir + "/cast-bf16.pt")
    torch.jit.save(torch.jit.script(ToFloat32()), out_dir + "/cast-fp32.pt")
    torch.jit.save(torch.jit.script(ToBFloat16ChannelsLast()), out_dir + "/cast-bf16-cl.pt")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
