#!/usr/bin/env python3
"""torch_train.py -- the PyTorch (CPU) program nnft's training kernels are measured against: the
network, loss, optimiser and loop of the symmetry-breaking experiment (spec G3) written as an ML user
writes them. 784 -> 50 -> 10, ReLU, no biases, W0 ~ N(0, 1/784), W1 ~ N(mu, 1/50) on the first k rows;
MSE on one-hot targets; Adam (lr 1e-3), StepLR(1, 0.7); batches of 64 from a fresh torch.randperm each
epoch, gathered from tensors held in memory (no DataLoader). Parallelism: torch.set_num_threads(THREADS).

Run with Debian's python (apt-get install python3-torch): /usr/bin/python3.
usage: torch_train.py SAMPLES THREADS SEED --data PREFIX [--k K] [--mu MU] [--batch B]
  PREFIX.f32: training images, float32 little-endian, n x 784 (normalised); PREFIX.u8: labels.
Prints one line: peer=torch-train samples=... threads=... seconds=... samples_per_s=... torch=...
"""
import argparse
import time

import numpy as np
import torch


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("samples", type=int)
    ap.add_argument("threads", type=int)
    ap.add_argument("seed", type=int)
    ap.add_argument("--data", required=True)
    ap.add_argument("--k", type=int, default=0)
    ap.add_argument("--mu", type=float, default=0.0)
    ap.add_argument("--batch", type=int, default=64)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    y = torch.from_numpy(np.fromfile(a.data + ".u8", dtype=np.uint8).astype(np.int64))
    X = torch.from_numpy(np.fromfile(a.data + ".f32", dtype="<f4").reshape(len(y), 784))
    T = torch.nn.functional.one_hot(y, 10).float()
    l0 = torch.nn.Linear(784, 50, bias=False)
    l1 = torch.nn.Linear(50, 10, bias=False)
    with torch.no_grad():
        l0.weight.normal_(0.0, 1 / 784 ** 0.5)
        l1.weight.normal_(0.0, 1 / 50 ** 0.5)
        l1.weight[: a.k] += a.mu
    model = torch.nn.Sequential(l0, torch.nn.ReLU(), l1)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=1, gamma=0.7)
    loss_fn = torch.nn.MSELoss()
    n = len(y)

    def steps(count):
        done = 0
        while done < count:
            perm = torch.randperm(n)
            for s in range(0, n, a.batch):
                if done >= count:
                    break
                idx = perm[s:s + a.batch]
                opt.zero_grad()
                loss = loss_fn(model(X[idx]), T[idx])
                loss.backward()
                opt.step()
                done += len(idx)
            else:
                sched.step()  # after each whole epoch
        return done

    steps(20 * a.batch)  # warm-up: allocator, first-call dispatch
    t0 = time.perf_counter()
    done = steps(a.samples)
    dt = time.perf_counter() - t0
    print(f"peer=torch-train samples={done} threads={a.threads} batch={a.batch} seconds={dt:.4f} "
          f"samples_per_s={done / dt:.1f} torch={torch.__version__}")


if __name__ == "__main__":
    main()
