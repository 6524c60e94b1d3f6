"""PyTorch peer of the GEMM benchmark: torch.matmul at the encoder's shapes, in GFLOP/s.

Prints one JSON object per shape: {"peer": "pytorch", "shape": "MxK*KxN", "gflops": ...}
Usage: PY=$(bash scripts/reference-venv.sh); "$PY" benchmarks/python/gemm_torch.py [--threads 2]
"""
import argparse
import json
import time

import torch

SHAPES = [(64, 384, 1152), (64, 384, 1536), (64, 1536, 384), (2048, 384, 1536)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    for m, k, n in SHAPES:
        a, b = torch.rand(m, k) - 0.5, torch.rand(n, k) - 0.5
        iterations = max(1, 200_000_000 // (2 * m * k * n))
        a @ b.T
        best = float("inf")
        for _ in range(5):
            start = time.perf_counter()
            for _ in range(iterations):
                a @ b.T
            best = min(best, time.perf_counter() - start)
        print(json.dumps({"peer": "pytorch", "shape": f"{m}x{k}*{k}x{n}", "gflops": 2 * m * k * n * iterations / best / 1e9}))


if __name__ == "__main__":
    main()
