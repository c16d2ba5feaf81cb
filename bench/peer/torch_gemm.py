#!/usr/bin/python3
"""PyTorch (OpenBLAS) peer for GemmBenchmark: GFLOP/s of torch.mm with out=, per shape and thread count.

Each shape is NAME:M:N:K:TA:TB with TA/TB = N (stored as used) or T (stored transposed and passed as a
.t() view, as nn.Linear passes its weight), so that OpenBLAS sees the same transpose flags as our
sgemm. Prints one line per shape and thread count:

    torch_gemm NAME THREADS GFLOPS MICROSECONDS

Run it with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset (GemmBenchmark.main does so):
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 bench/peer/torch_gemm.py \
        --threads 1,2 --shape square_1024:1024:1024:1024:N:N
"""
import argparse
import time

import torch


def operand(rows, cols, transposed, gen):
    """A rows x cols operand; when transposed, stored cols x rows and viewed through .t()."""
    if transposed:
        return torch.randn(cols, rows, generator=gen).t()
    return torch.randn(rows, cols, generator=gen)


def measure(m, n, k, ta, tb, seconds, repeats, clock):
    gen = torch.Generator().manual_seed(42)
    a = operand(m, k, ta, gen)
    b = operand(k, n, tb, gen)
    c = torch.empty(m, n)
    for _ in range(3):
        torch.mm(a, b, out=c)
    best = float("inf")
    for _ in range(repeats):
        calls = 0
        start = clock()
        while True:
            torch.mm(a, b, out=c)
            calls += 1
            elapsed = clock() - start
            if elapsed >= seconds:
                break
        best = min(best, elapsed / calls)
    return 2.0 * m * n * k / best / 1e9, best * 1e6


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", default="1,2", help="comma-separated thread counts")
    parser.add_argument("--shape", action="append", required=True, help="NAME:M:N:K:TA:TB")
    parser.add_argument("--seconds", type=float, default=0.5, help="time per repeat")
    parser.add_argument("--repeats", type=int, default=5, help="repeats; the best is reported")
    parser.add_argument("--clock", choices=("wall", "cpu"), default="wall",
                        help="wall time, or the process's CPU time (for 1 thread on a shared machine)")
    args = parser.parse_args()
    torch.manual_seed(0)
    for spec in args.shape:
        name, m, n, k, ta, tb = spec.split(":")
        for threads in (int(t) for t in args.threads.split(",")):
            torch.set_num_threads(threads)
            clock = time.perf_counter if args.clock == "wall" else time.process_time
            gflops, micros = measure(int(m), int(n), int(k), ta == "T", tb == "T", args.seconds, args.repeats, clock)
            print(f"torch_gemm {name} {threads} {gflops:.2f} {micros:.2f}", flush=True)


if __name__ == "__main__":
    main()
