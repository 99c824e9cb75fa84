#!/usr/bin/python3
"""Times the seed CNN in PyTorch for bench/: training steps or eval-mode inference, as the bench's
JavaScript libraries are timed (warm-up runs discarded, repetitions bounded by a count and a time
budget), on the MNIST batches the bench hands over in a file. Prints one JSON object of timings.

    /usr/bin/python3 bench/pytorch/bench_torch.py '<task json>' <batches file>

The task: {"kind": "train" | "infer", "factor": F, "threads": T, "budget": {...},
"latencyBudget": {...}}; the batches file: per batch, int32 size, float32 images [size*784],
int32 labels [size]. Needs Debian's python3-torch (1.13); no pip packages.
"""

import json
import os
import struct
import sys
import time

import numpy as np
import torch

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "packages", "core", "test", "fixtures", "torch"))
from make_fixtures import BaseCNN  # noqa: E402  (the seed's model, as the fixtures define it)


def read_batches(path):
    """The bench's batches: a list of (images [n, 1, 28, 28] float32, labels [n] int64)."""
    with open(path, "rb") as f:
        raw = f.read()
    at, out = 0, []
    while at < len(raw):
        (n,) = struct.unpack_from("<i", raw, at)
        at += 4
        images = np.frombuffer(raw, dtype="<f4", count=n * 784, offset=at).reshape(n, 1, 28, 28)
        at += n * 784 * 4
        labels = np.frombuffer(raw, dtype="<i4", count=n, offset=at).astype(np.int64)
        at += n * 4
        out.append((torch.from_numpy(images.copy()), torch.from_numpy(labels)))
    return out


def time_runs(fn, budget):
    """bench/src/timing.ts's timeRuns: warm-up, then target runs or fewer to fit budgetMs."""
    last, warmup = 0.0, 0
    while warmup < budget["warmup"] and not (warmup > 0 and last > budget["budgetMs"] / 4):
        t = time.perf_counter()
        fn()
        last = (time.perf_counter() - t) * 1000
        warmup += 1
    reps = budget["target"]
    if last > 0 and last * reps > budget["budgetMs"]:
        reps = max(budget["min"], int(budget["budgetMs"] // last))
    ms = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        ms.append((time.perf_counter() - t) * 1000)
    return {"ms": ms, "warmup": warmup}


def main():
    task = json.loads(sys.argv[1])
    batches = read_batches(sys.argv[2])
    torch.set_num_threads(task["threads"])
    torch.manual_seed(0)
    model = BaseCNN(factor=task["factor"])
    out = {"torch": torch.__version__, "threads": torch.get_num_threads()}
    if task["kind"] == "train":
        model.train()
        opt = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-8)
        loss_fn = torch.nn.CrossEntropyLoss()
        losses, i = [], [0]

        def step():
            x, y = batches[i[0] % len(batches)]
            i[0] += 1
            opt.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            opt.step()
            losses.append(loss.item())

        out["train"] = time_runs(step, task["budget"])
        out["losses"] = losses
    else:
        model.eval()
        x = batches[0][0]
        ones = [x[j : j + 1] for j in range(len(x))]
        j = [0]

        def one():
            model(ones[j[0] % len(ones)])
            j[0] += 1

        with torch.no_grad():
            out["batch"] = time_runs(lambda: model(x), task["budget"])
            out["latency"] = time_runs(one, task["latencyBudget"])
    print(json.dumps(out))


if __name__ == "__main__":
    main()
