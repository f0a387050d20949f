"""P2's NumPy peer for xtask/bench/peers.mjs: 784-16-16-10 sigmoid, quadratic cost (Backprop Lab's,
C0 = sum_j (a_j - y_j)^2, no 1/2), plain mini-batch SGD, in float32 matrix form:
    A_l = sigma(A_{l-1} W_l^T + b_l)                      (forward, one matrix product per layer)
    D_L = 2 (A_L - Y) * A_L (1 - A_L) / B,  D_l = (D_{l+1} W_{l+1}) * A_l (1 - A_l)
    W_l -= eta D_l^T A_{l-1},  b_l -= eta sum_rows(D_l)   (once per mini-batch)
Run by peers.mjs as a child process on one BLAS thread (it sets OPENBLAS_NUM_THREADS=1 and the
like before starting us). Protocol: one JSON command per line on stdin, one JSON reply per line:
    {"cmd": "epoch", "batch": B}   -> {"seconds": s}       one shuffled 60k epoch at batch B
    {"cmd": "accuracy", "batch": B} -> {"accuracy": a}      that network on the 10k test set
    {"cmd": "gemm"}                 -> {"gflops": g, "n": n} f32 n x n x n matrix product peak
Usage: python3 numpy_p2.py MNIST_DIR
"""
import json
import sys
import time

import numpy as np

F32 = np.float32


def idx(path, offset):
    with open(path, "rb") as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)


def load(d):
    x = idx(f"{d}/train-images-idx3-ubyte", 16).reshape(-1, 784).astype(F32) / F32(255)
    y = idx(f"{d}/train-labels-idx1-ubyte", 8)
    tx = idx(f"{d}/t10k-images-idx3-ubyte", 16).reshape(-1, 784).astype(F32) / F32(255)
    ty = idx(f"{d}/t10k-labels-idx1-ubyte", 8)
    return x, np.eye(10, dtype=F32)[y], tx, ty


ONE, TWO = F32(1), F32(2)
np.seterr(over="ignore")  # exp(-z) overflows to inf for z < -88: sigma is then exactly 0


def sigmoid(z):
    z = np.exp(-z)
    z += ONE
    return np.reciprocal(z, out=z)


class Net:
    def __init__(self, sizes, seed):
        rng = np.random.default_rng(seed)
        # Xavier (Glorot) normal, as Backprop Lab's "xavier" init.
        self.w = [(rng.standard_normal((n, m)) * np.sqrt(2.0 / (n + m))).astype(F32)
                  for m, n in zip(sizes[:-1], sizes[1:])]
        self.b = [np.zeros(n, dtype=F32) for n in sizes[1:]]
        self.rng = rng

    def forward(self, x):
        a = [x]
        for w, b in zip(self.w, self.b):
            a.append(sigmoid(a[-1] @ w.T + b))
        return a

    def step(self, x, y, eta):
        a = self.forward(x)
        d = (F32(2) / F32(len(x))) * (a[-1] - y) * a[-1] * (ONE - a[-1])
        for l in range(len(self.w) - 1, -1, -1):
            gw = d.T @ a[l]
            gb = d.sum(axis=0)
            if l > 0:
                d = (d @ self.w[l]) * a[l] * (ONE - a[l])
            gw *= eta
            gb *= eta
            self.w[l] -= gw
            self.b[l] -= gb

    def epoch(self, x, y, batch, eta):
        order = self.rng.permutation(len(x))
        for i in range(0, len(x) - batch + 1, batch):
            j = order[i:i + batch]
            self.step(x[j], y[j], eta)


def gemm():
    n = 1024
    a = np.random.default_rng(0).random((n, n), dtype=F32)
    b = np.random.default_rng(1).random((n, n), dtype=F32)
    a @ b
    best = float("inf")
    for _ in range(5):
        t0 = time.perf_counter()
        a @ b
        best = min(best, time.perf_counter() - t0)
    return {"gflops": 2 * n ** 3 / best / 1e9, "n": n}


def main():
    x, y, tx, ty = load(sys.argv[1])
    eta = F32(3)
    nets = {}
    print(json.dumps({"ready": True, "numpy": np.__version__}), flush=True)
    for line in sys.stdin:
        cmd = json.loads(line)
        if cmd["cmd"] == "epoch":
            net = nets.setdefault(cmd["batch"], Net([784, 16, 16, 10], 1))
            t0 = time.perf_counter()
            net.epoch(x, y, cmd["batch"], eta)
            reply = {"seconds": time.perf_counter() - t0}
        elif cmd["cmd"] == "accuracy":
            net = nets[cmd["batch"]]
            reply = {"accuracy": float((net.forward(tx)[-1].argmax(axis=1) == ty).mean())}
        elif cmd["cmd"] == "gemm":
            reply = gemm()
        else:
            reply = {"error": f"unknown command {cmd['cmd']}"}
        print(json.dumps(reply), flush=True)


if __name__ == "__main__":
    main()
