#!/usr/bin/python3
"""PyTorch peer of Rectifier's training benchmarks (`./rectifier bench training`).

Times, with the same data, shapes, batch size, optimiser and thread count as the Java side:

  dense_relu   one Linear(in, out) + ReLU layer at batch 128: forward, and forward + backward
               (autograd, gradients of weight, bias and input), per call
  mlp_epoch    one epoch of the MLP 784-256-256-10 (ReLU, SGD momentum 0.9, batch 128) on
               Fashion-MNIST's 60,000 training images, shuffled, last batch smaller
  cnn_epoch    one epoch of the CNN conv5x5(1->32)+ReLU, maxpool 2, conv5x5(32->64)+ReLU,
               maxpool 2, flatten, dense 1024->128+ReLU, dense 128->10, same optimiser
  convergence  optimiser steps (and seconds) until the running training accuracy of an epoch
               reaches a target (the `experiment convergence` peer), per activation and seed, with
               each epoch's accuracy and each step's correct predictions (for learning curves);
               with --window N also until the accuracy over the last N steps reaches it

Epoch times exclude loading; the first epoch is a warm-up unless --epochs 1. The data are the
IDX files of Debian's dataset-fashion-mnist (or --data DIR), scaled to [0, 1] and standardised
with the training set's mean and standard deviation, as the Java side does.

Output: one JSON object per line on stdout; progress on stderr. Exit 3 when torch is missing.
"""

import argparse
import gzip
import json
import os
import struct
import sys
import time


def emit(obj):
    print(json.dumps(obj), flush=True)


def read_idx(path):
    import numpy as np
    opener = gzip.open if open(path, "rb").read(2) == b"\x1f\x8b" else open
    with opener(path, "rb") as f:
        data = f.read()
    zero, dtype, dims = struct.unpack(">HBB", data[:4])
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def find(directory, stem):
    for name in (stem + ".gz", stem):
        p = os.path.join(directory, name)
        if os.path.exists(p):
            return p
    raise FileNotFoundError("no %s[.gz] in %s" % (stem, directory))


def load(directory, torch):
    import numpy as np
    x = read_idx(find(directory, "train-images-idx3-ubyte")).astype(np.float32) / np.float32(255)
    y = read_idx(find(directory, "train-labels-idx1-ubyte")).astype(np.int64)
    mean, std = x.mean(), x.std()
    x = (x - mean) / std
    return torch.from_numpy(x.reshape(-1, 1, 28, 28).copy()), torch.from_numpy(y.copy())


def mlp(torch, activation):
    nn = torch.nn
    act = {"relu": nn.ReLU, "leaky_relu": nn.LeakyReLU, "prelu": nn.PReLU, "elu": nn.ELU, "tanh": nn.Tanh,
           "sigmoid": nn.Sigmoid}[activation]
    m = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), act(), nn.Linear(256, 256), act(), nn.Linear(256, 10))
    for layer in m:
        if isinstance(layer, nn.Linear):
            if activation in ("tanh", "sigmoid"):
                nn.init.xavier_normal_(layer.weight, gain=nn.init.calculate_gain(activation))
            else:
                nn.init.kaiming_normal_(layer.weight, nonlinearity="relu")
            nn.init.zeros_(layer.bias)
    return m


def cnn(torch):
    nn = torch.nn
    return nn.Sequential(nn.Conv2d(1, 32, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32, 64, 5), nn.ReLU(),
                         nn.MaxPool2d(2), nn.Flatten(), nn.Linear(1024, 128), nn.ReLU(), nn.Linear(128, 10))


def epoch(torch, model, opt, x, y, batch, generator, target=None, batch_correct=None, step_seconds=None):
    """One epoch; returns (seconds, running accuracy, steps to target running accuracy or None,
    seconds to that step or None). Appends each step's correct predictions to batch_correct and
    the seconds since the epoch started to step_seconds, if given."""
    loss_fn = torch.nn.CrossEntropyLoss()
    n = x.shape[0]
    order = torch.randperm(n, generator=generator)
    correct = seen = 0
    reached = reached_seconds = None
    start = time.perf_counter()
    for step, i in enumerate(range(0, n, batch)):
        idx = order[i:i + batch]
        xb, yb = x[idx], y[idx]
        opt.zero_grad(set_to_none=False)
        out = model(xb)
        loss = loss_fn(out, yb)
        loss.backward()
        opt.step()
        right = (out.argmax(1) == yb).sum().item()
        correct += right
        seen += yb.shape[0]
        if batch_correct is not None:
            batch_correct.append(right)
        if step_seconds is not None:
            step_seconds.append(time.perf_counter() - start)
        if target is not None and reached is None and correct / seen >= target:
            reached = step + 1
            reached_seconds = time.perf_counter() - start
    return time.perf_counter() - start, correct / seen, reached, reached_seconds


def window_step(batch_correct, n, batch, steps_per_epoch, window, target):
    """The first step (1-based) after which the accuracy over the last `window` steps (correct /
    samples, across epoch boundaries) is at least target, or None."""
    right = seen = 0
    sizes = [min(batch, n - (i % steps_per_epoch) * batch) for i in range(len(batch_correct))]
    for i, c in enumerate(batch_correct):
        right += c
        seen += sizes[i]
        if i >= window:
            right -= batch_correct[i - window]
            seen -= sizes[i - window]
        if i + 1 >= window and right / seen >= target:
            return i + 1
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--what", default="dense_relu,mlp_epoch,cnn_epoch")
    ap.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--epochs", type=int, default=5, help="MLP epochs timed (the first is a warm-up)")
    ap.add_argument("--cnn-epochs", type=int, default=2, help="CNN epochs timed (the first is a warm-up)")
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--lr", type=float, default=0.05)
    ap.add_argument("--momentum", type=float, default=0.9)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeats", type=int, default=200, help="calls per dense_relu measurement round")
    ap.add_argument("--activations", default="relu,leaky_relu,prelu,elu,tanh,sigmoid")
    ap.add_argument("--seeds", default="1,2,3")
    ap.add_argument("--target", type=float, default=0.90)
    ap.add_argument("--max-epochs", type=int, default=20)
    ap.add_argument("--window", type=int, default=0,
                    help="convergence: also find the first step at which the accuracy of the last N steps reaches the"
                         " target, and train until both measures have reached it (0: the epoch's running accuracy only)")
    args = ap.parse_args()
    try:
        import torch
    except Exception as e:  # noqa: BLE001 - any import failure means "no peer"
        print("torch is not importable with %s: %s" % (sys.executable, e), file=sys.stderr)
        sys.exit(3)
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    emit({"kind": "env", "torch": torch.__version__, "threads": torch.get_num_threads(),
          "python": sys.version.split()[0]})
    what = args.what.split(",")

    if "dense_relu" in what:
        for (fan_in, fan_out) in ((784, 256), (256, 256)):
            layer = torch.nn.Linear(fan_in, fan_out)
            x = torch.randn(args.batch, fan_in, requires_grad=True)
            g = torch.randn(args.batch, fan_out)
            for mode in ("forward", "forward_backward"):
                # As Rectifier's side: warm-up rounds for 2 s (at least three), then the best of 7.
                best = float("inf")
                warm_up_end = time.perf_counter() + 2.0
                rounds = measured = 0
                while measured < 7:
                    start = time.perf_counter()
                    for _ in range(args.repeats):
                        if mode == "forward":
                            with torch.no_grad():
                                torch.relu(layer(x))
                        else:
                            layer.zero_grad(set_to_none=False)
                            x.grad = None
                            torch.relu(layer(x)).backward(g)
                    if rounds >= 3 and start >= warm_up_end:
                        best = min(best, (time.perf_counter() - start) / args.repeats)
                        measured += 1
                    rounds += 1
                emit({"kind": "result", "what": "dense_relu", "shape": "%dx%d" % (fan_in, fan_out), "batch": args.batch,
                      "mode": mode, "threads": args.threads, "seconds": best})

    if any(w in what for w in ("mlp_epoch", "cnn_epoch", "convergence")):
        print("loading Fashion-MNIST from %s" % args.data, file=sys.stderr)
        x, y = load(args.data, torch)

    for name in ("mlp_epoch", "cnn_epoch"):
        if name not in what:
            continue
        torch.manual_seed(args.seed)
        model = mlp(torch, "relu") if name == "mlp_epoch" else cnn(torch)
        inputs = x.reshape(-1, 784) if name == "mlp_epoch" else x
        opt = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=args.momentum)
        gen = torch.Generator().manual_seed(args.seed)
        times = []
        for e in range(args.epochs if name == "mlp_epoch" else args.cnn_epochs):
            seconds, acc, _, _ = epoch(torch, model, opt, inputs, y, args.batch, gen)
            times.append(seconds)
            print("%s epoch %d: %.3f s, running accuracy %.4f" % (name, e + 1, seconds, acc), file=sys.stderr)
        timed = times[1:] if len(times) > 1 else times
        emit({"kind": "result", "what": name, "threads": args.threads, "batch": args.batch,
              "seconds": min(timed), "epochs": times, "train_accuracy": acc})

    if "convergence" in what:
        for activation in args.activations.split(","):
            for seed in (int(s) for s in args.seeds.split(",")):
                torch.manual_seed(seed)
                model = mlp(torch, activation)
                opt = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=args.momentum)
                gen = torch.Generator().manual_seed(seed)
                steps_per_epoch = (x.shape[0] + args.batch - 1) // args.batch
                reached = reached_seconds = None
                window_reached = window_seconds = None
                elapsed = 0.0
                accuracies = []
                batch_correct = []
                step_times = []
                for e in range(args.max_epochs):
                    epoch_times = []
                    seconds, acc, r, rs = epoch(torch, model, opt, x.reshape(-1, 784), y, args.batch, gen, args.target,
                                                batch_correct, epoch_times)
                    step_times.extend(elapsed + t for t in epoch_times)
                    accuracies.append(acc)
                    if r is not None and reached is None:
                        reached = e * steps_per_epoch + r
                        reached_seconds = elapsed + rs
                    if args.window > 0 and window_reached is None:
                        window_reached = window_step(batch_correct, x.shape[0], args.batch, steps_per_epoch, args.window,
                                                     args.target)
                        if window_reached is not None:
                            window_seconds = step_times[window_reached - 1]
                    elapsed += seconds
                    if reached is not None and (args.window == 0 or window_reached is not None):
                        break
                print("convergence %s seed %d: %s%s" % (activation, seed, "step %d" % reached if reached else "not reached",
                      ", window %d: step %s" % (args.window, window_reached) if args.window > 0 else ""), file=sys.stderr)
                emit({"kind": "result", "what": "convergence", "activation": activation, "seed": seed,
                      "target": args.target, "steps": reached, "seconds": reached_seconds, "window": args.window,
                      "steps_window": window_reached, "seconds_window": window_seconds, "lr": args.lr,
                      "momentum": args.momentum, "batch": args.batch, "threads": args.threads,
                      "epoch_accuracy": accuracies, "batch_correct": batch_correct})


if __name__ == "__main__":
    main()
