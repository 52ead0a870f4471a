#!/usr/bin/env python3
"""eft_authors.py -- the original authors' EFT workflow timed on a reduced case.

The workflow of keeganstoner/nn-qft for the EFT results (spec nn-qft.md section E):
  * ensembles as generate_models.py makes them: one torch module per network in a Python loop,
    outputs stored, moments of every order afterwards over 10 chunks; this part calls the peers'
    authors_style.py (generate, moments) on the EFT's architectures, widths and point sets;
  * vertex integrals as rg.py, six_pt_prediction.py and lam_fit do them: scipy quad (d_in = 1),
    dblquad (2) or tplquad (3) over the 2^d orthants of the box, one call per tuple and cutoff, with
    the relu-net kernel written out per call.

It measures seconds per network for each ensemble class and seconds per integral for each d_in;
bench/eft.bench.ts multiplies them by the paper-scale counts (an extrapolation, said so there).

usage: /usr/bin/python3 eft_authors.py PEERS_DIR THREADS NETWORKS CLASSES_JSON
  CLASSES_JSON: [{"act": "relu", "d_in": 1, "N": 20, "nmax": 6, "sb": 0, "X": [[0.2], ...]}, ...]
prints one JSON object per line: {"kind": "ensemble", "class": i, "networks": n, "seconds": s}
and {"kind": "integral", "d_in": d, "calls": c, "seconds": s}.
"""
import itertools
import json
import math
import sys
import time

import numpy as np
import torch
from scipy import integrate


def relu_kernel(x, y, sw=1.0, sb=0.0):
    """The arc-cosine kernel of relu-net (spec B.1), one pair of points per call."""
    d = len(x)
    v = sb * sb + sw * sw * sum(a * a for a in x) / d
    vp = sb * sb + sw * sw * sum(a * a for a in y) / d
    c = sb * sb + sw * sw * sum(a * b for a, b in zip(x, y)) / d
    if v <= 0 or vp <= 0:
        return sb * sb
    s = math.sqrt(v * vp)
    cos_t = min(1.0, max(-1.0, c / s))
    t = math.acos(cos_t)
    return sb * sb + sw * sw * s / (2 * math.pi) * (math.sin(t) + (math.pi - t) * cos_t)


def four_point_integral(points, cutoff):
    """int over [-L, L]^d of prod_i Kt(x, x_i), one scipy call per orthant."""
    d = len(points[0])
    halves = [(-cutoff, 0.0), (0.0, cutoff)]
    total = 0.0
    for orthant in itertools.product(halves, repeat=d):
        if d == 1:
            f = lambda x: math.prod(relu_kernel((x,), p) for p in points)
            total += integrate.quad(f, *orthant[0])[0]
        elif d == 2:
            f = lambda y, x: math.prod(relu_kernel((x, y), p) for p in points)
            total += integrate.dblquad(f, *orthant[0], *orthant[1])[0]
        else:
            f = lambda z, y, x: math.prod(relu_kernel((x, y, z), p) for p in points)
            total += integrate.tplquad(f, *orthant[0], *orthant[1], *orthant[2])[0]
    return total


def main():
    peers, threads, networks, classes = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), json.loads(sys.argv[4])
    sys.path.insert(0, peers)
    import authors_style  # noqa: E402  (the peers' rewrite of the authors' per-network loop)
    import workloads as wl  # noqa: E402

    torch.set_num_threads(threads)
    torch.manual_seed(1)
    for i, c in enumerate(classes):
        wl.SB = float(c["sb"])
        X = np.asarray(c["X"], dtype=np.float64)
        w = {"name": f"eft{i}", "act": c["act"], "d_in": c["d_in"], "N": c["N"], "nmax": c["nmax"], "X": X, "K": X.shape[0]}
        xs = torch.tensor(X, dtype=torch.float32)
        t0 = time.perf_counter()
        authors_style.moments(w, authors_style.generate(w, networks, xs))
        print(json.dumps({"kind": "ensemble", "class": i, "networks": networks, "seconds": time.perf_counter() - t0}), flush=True)
    sets = {
        1: [(0.2,), (0.4,), (0.6,), (0.8,), (1.0,), (1.2,)],
        2: [(0.5, 0.5), (0.5, 1.0), (1.0, 0.5), (1.0, 1.0)],
        3: [(0.2, 0.2, 0.2), (1.0, 1.0, 0.2), (0.2, 1.0, 1.0), (1.0, 0.2, 1.0)],
    }
    calls = {1: 12, 2: 4, 3: 1}
    for d in (1, 2, 3):
        tuples = list(itertools.combinations_with_replacement(range(len(sets[d])), 4))
        t0 = time.perf_counter()
        for k in range(calls[d]):
            t = tuples[(7 * k) % len(tuples)]
            four_point_integral([sets[d][j] for j in t], 7.0 * 10 ** (k % 3))
        print(json.dumps({"kind": "integral", "d_in": d, "calls": calls[d], "seconds": time.perf_counter() - t0}), flush=True)


if __name__ == "__main__":
    main()
