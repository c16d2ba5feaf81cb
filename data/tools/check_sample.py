#!/usr/bin/env python3
"""Checks the bundled Fashion-MNIST sample against the full dataset, independently of the Java code.

Re-implements the recipe in data/src/main/resources/dev/rectifier/data/fashion-mnist-sample/README.md
(java.util.SplittableRandom(42), a partial Fisher-Yates draw per class, indices sorted) and
compares the images and labels it selects with the committed files.

    python3 data/tools/check_sample.py [FULL_DIR] [SAMPLE_DIR]

Defaults: /usr/share/datasets/fashion-mnist and the sample in this repository. Needs NumPy.
Exit status 0 if the sample matches, 1 if not.
"""
import gzip
import os
import sys

import numpy as np

MASK = (1 << 64) - 1
GOLDEN_GAMMA = 0x9E3779B97F4A7C15


class SplittableRandom:
    """The parts of java.util.SplittableRandom (JDK 17+) the recipe uses."""

    def __init__(self, seed):
        self.seed = seed & MASK

    def _next_int(self):
        self.seed = (self.seed + GOLDEN_GAMMA) & MASK
        z = self.seed
        z = ((z ^ (z >> 33)) * 0x62A9D9ED799705F5) & MASK
        z = (((z ^ (z >> 28)) * 0xCB24D0A5C88C35B3) & MASK) >> 32
        return z - (1 << 32) if z >= 1 << 31 else z  # as a signed Java int

    def next_int(self, bound):
        r = self._next_int()
        m = bound - 1
        if bound & m == 0:
            return r & m
        u = (r & 0xFFFFFFFF) >> 1
        while True:
            r = u % bound
            # Java's int overflow test: u + m - r < 0 when the sum wraps
            if ((u + m - r + (1 << 31)) & 0xFFFFFFFF) - (1 << 31) >= 0:
                return r
            u = (self._next_int() & 0xFFFFFFFF) >> 1


def draw(labels, classes, per_class, seed):
    random = SplittableRandom(seed)
    chosen = []
    for k in range(classes):
        members = [i for i, label in enumerate(labels) if label == k]
        m = len(members)
        for t in range(per_class):
            j = t + random.next_int(m - t)
            members[t], members[j] = members[j], members[t]
            chosen.append(members[t])
    return sorted(chosen)


def idx(path, header):
    with open(path, "rb") as f:
        data = f.read()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return np.frombuffer(data, np.uint8, offset=header)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    full = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/datasets/fashion-mnist"
    sample = sys.argv[2] if len(sys.argv) > 2 else os.path.join(
        here, "..", "src", "main", "resources", "dev", "rectifier", "data", "fashion-mnist-sample")
    ok = True
    for prefix, per_class in (("train", 1000), ("t10k", 200)):
        def find(d, name):
            plain = os.path.join(d, name)
            return plain if os.path.exists(plain) else plain + ".gz"
        labels = idx(find(full, prefix + "-labels-idx1-ubyte"), 8)
        images = idx(find(full, prefix + "-images-idx3-ubyte"), 16).reshape(len(labels), -1)
        chosen = draw(labels.tolist(), 10, per_class, 42)
        sample_labels = idx(find(sample, prefix + "-labels-idx1-ubyte"), 8)
        sample_images = idx(find(sample, prefix + "-images-idx3-ubyte"), 16).reshape(len(sample_labels), -1)
        same = np.array_equal(images[chosen], sample_images) and np.array_equal(labels[chosen], sample_labels)
        print(f"{prefix}: {len(chosen)} drawn, first {chosen[:5]}, per class {np.bincount(sample_labels).tolist()}, "
              f"{'matches' if same else 'DIFFERS FROM'} the committed sample")
        ok &= same
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
