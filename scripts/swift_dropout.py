"""AttriBench's random draws in PyTorch: the dropout masks of Sources/TensorCore/Kernels/Dropout.swift
and the classifier-head initialisation of Sources/Training/BertParameterSet.swift, bit for bit, so a
PyTorch run can make exactly the random choices AttriBench makes (scripts/golden/training_golden.py,
scripts/reference/finetune_torch.py --attribench-rng)."""
import math

import numpy as np
import torch

from seeded_random import MASK64, SplitMix64

GAMMA, MIX1, MIX2 = np.uint64(0x9E3779B97F4A7C15), np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)


def splitmix_block(rng, n):
    """The next n outputs of `rng` (a SplitMix64) as a uint64 array, vectorised; advances `rng`."""
    with np.errstate(over="ignore"):
        states = np.uint64(rng.state) + GAMMA * np.arange(1, n + 1, dtype=np.uint64)
        z = (states ^ (states >> np.uint64(30))) * MIX1
        z = (z ^ (z >> np.uint64(27))) * MIX2
    rng.state = (rng.state + n * 0x9E3779B97F4A7C15) & MASK64
    return z ^ (z >> np.uint64(31))


def dropout_mask(count, probability, seed):
    """dropoutMask(count:probability:seed:): chunks of 4096 values, chunk k drawn from
    SplitMix64(seed).fork(k), four 16-bit draws per 64-bit word (low bits first), a value dropped when
    its draw is below round(p * 65536), kept ones scaled by 65536 / (65536 - threshold)."""
    threshold = int(round(probability * 65536))
    scale = np.float32(65536 / (65536 - threshold))
    root = SplitMix64(seed)
    out = np.empty(count, dtype=np.float32)
    for chunk, start in enumerate(range(0, count, 4096)):
        n = min(4096, count - start)
        bits = splitmix_block(root.fork(chunk), (n + 3) // 4).view(np.uint16)[:n]  # little-endian
        out[start:start + n] = np.where(bits < threshold, np.float32(0), scale)
    return out


class SwiftDropout:
    """Stands in for torch.nn.functional.dropout while installed: each call in a forward pass applies
    the next mask drawn from that pass's seed (one SplitMix64 draw per mask, as BertTraining.forward:
    embeddings; per layer attention probabilities, attention output, feed-forward output; pooled)."""

    def __init__(self, probability):
        self.probability, self.original, self.seeds, self.calls = probability, torch.nn.functional.dropout, None, 0

    def start_pass(self, seed):
        self.seeds, self.calls = SplitMix64(seed), 0

    def __call__(self, x, p=0.5, training=True, inplace=False):
        if not training or p == 0:
            return x
        assert abs(p - self.probability) < 1e-9, f"unexpected dropout rate {p}"
        self.calls += 1
        mask = dropout_mask(x.numel(), self.probability, self.seeds.next())
        return x * torch.from_numpy(mask).view(x.shape)

    def __enter__(self):
        torch.nn.functional.dropout = self
        return self

    def __exit__(self, *exc):
        torch.nn.functional.dropout = self.original


def head_weights(count, seed):
    """BertParameterSet(weights:numLabels:seed:)'s new classifier: Float(0.02 · nextGaussian()),
    Box–Muller on two 53-bit uniforms, one of the pair."""
    rng = SplitMix64(seed)
    values = []
    for _ in range(count):
        u1 = max((rng.next() >> 11) * 2.0 ** -53, 2.0 ** -53)
        u2 = (rng.next() >> 11) * 2.0 ** -53
        values.append(0.02 * math.sqrt(-2 * math.log(u1)) * math.cos(2 * math.pi * u2))
    return np.array(values, dtype=np.float32)


def dropout_seed(seed, step):
    """The seed of step `step`'s forward pass in FineTuner: SplitMix64(seed ^ "dropout!").fork(step).next()."""
    return SplitMix64(seed ^ 0x6472_6f70_6f75_7421).fork(step).next()
