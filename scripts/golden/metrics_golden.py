"""Golden values for the Metrics target, from the reference implementations.

- average precision, ROC AUC: scikit-learn `average_precision_score`, `roc_auc_score`
- AUPRC (ERASER / ferret): `sklearn.metrics.auc(recall, precision)` over `precision_recall_curve`
- Kendall's tau-b, Spearman's rho: scipy.stats `kendalltau`, `spearmanr`
- top-k token F1: ferret's Tokenf1_PlausibilityEvaluation (k = human rationale size) with a stable
  descending sort for ties (AttriBench's documented tie rule)
- IOU F1: ERASER's partial_match_score (rationale_benchmark/metrics.py), written out below
- bootstrap: SplitMix64 + Lemire draws replicated exactly, numpy's linear percentile

Usage: PY=$(bash scripts/reference-venv.sh) && "$PY" scripts/golden/metrics_golden.py
Writes Tests/MetricsTests/Golden/metrics_golden.json.
"""
import json
import math
import os
import sys

import numpy as np
from scipy.stats import kendalltau, spearmanr
from sklearn.metrics import auc, average_precision_score, precision_recall_curve, roc_auc_score

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from seeded_random import SplitMix64  # noqa: E402


rng = np.random.default_rng(20261124)
OUT = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "MetricsTests", "Golden", "metrics_golden.json")


def nan_to_none(x):
    x = float(x)
    return None if math.isnan(x) else x


def score_cases():
    """Pairs (labels, scores): random, tied, all-zero scores, single word, all-positive, constant."""
    cases = []
    for n in [2, 3, 4, 5, 6, 8, 13, 21, 34]:
        labels = rng.integers(0, 2, n)
        if labels.sum() == 0:
            labels[0] = 1
        if labels.sum() == n:
            labels[-1] = 0
        cases.append((labels.tolist(), rng.normal(size=n).round(3).tolist()))
        cases.append((labels.tolist(), rng.integers(0, 3, n).astype(float).tolist()))  # heavy ties
    cases.append(([1, 0, 0, 1], [0.0, 0.0, 0.0, 0.0]))  # all-zero scores
    cases.append(([1], [0.7]))  # single word
    cases.append(([1, 1, 1], [0.2, 0.5, 0.1]))  # all-positive rationale
    cases.append(([0, 0, 0], [0.2, 0.5, 0.1]))  # no positive
    cases.append(([0, 1, 0, 1, 1, 0], [0.9, 0.9, 0.1, 0.5, 0.5, 0.1]))
    return cases


def curves(labels, scores):
    single_class = len(set(labels)) < 2
    if single_class:
        return {"average_precision": None, "roc_auc": None, "pr_auc": None}
    p, r, _ = precision_recall_curve(labels, scores)
    return {
        "average_precision": float(average_precision_score(labels, scores)),
        "roc_auc": float(roc_auc_score(labels, scores)),
        "pr_auc": float(auc(r, p)),
    }


def correlation_cases():
    cases = []
    for n in [2, 3, 4, 5, 6, 9, 15, 25, 40]:
        x = rng.normal(size=n).round(2)
        y = (x + rng.normal(size=n)).round(2)
        cases.append((x.tolist(), y.tolist()))
        cases.append((rng.integers(0, 3, n).astype(float).tolist(), rng.integers(0, 3, n).astype(float).tolist()))
    cases.append(([1.0, 2.0, 3.0], [3.0, 2.0, 1.0]))
    cases.append(([1.0, 1.0, 1.0], [1.0, 2.0, 3.0]))  # constant: NaN
    cases.append(([0.0], [1.0]))  # single value: NaN
    cases.append(([1.0, 2.0, 2.0, 3.0], [1.0, 2.0, 2.0, 3.0]))
    out = []
    for x, y in cases:
        if len(x) < 2:
            tau, rho = float("nan"), float("nan")
        else:
            tau = kendalltau(x, y).statistic
            rho = spearmanr(x, y).statistic
        out.append({"x": x, "y": y, "kendall_tau_b": nan_to_none(tau), "spearman_rho": nan_to_none(rho)})
    return out


def topk_f1(scores, human):
    k = int(sum(human))
    order = np.argsort(-np.asarray(scores), kind="stable")
    chosen = set(order[:k].tolist())
    pred = [1 if i in chosen else 0 for i in range(len(scores))]
    tp = sum(a & b for a, b in zip(pred, human))
    p = tp / sum(pred) if sum(pred) else 0.0
    r = tp / k
    f1 = 0.0 if p == 0 or r == 0 else 2 * p * r / (p + r)
    return pred, p, r, f1


def spans(mask):
    out, start = [], None
    for i, v in enumerate(mask + [0]):
        if v and start is None:
            start = i
        if not v and start is not None:
            out.append((start, i))
            start = None
    return out


def partial_match(instances, threshold=0.5):
    """ERASER partial_match_score over (predicted mask, human mask) instances, one key each."""
    tps, n_pred, n_truth = [], [], []
    for pred, human in instances:
        ps, ts = spans(pred), spans(human)
        hits = 0
        for p in ps:
            best = 0.0
            for t in ts:
                a, b = set(range(*p)), set(range(*t))
                iou = len(a & b) / len(a | b) if a | b else 0.0
                best = max(best, iou)
            hits += int(best >= threshold)
        tps.append(hits)
        n_pred.append(len(ps))
        n_truth.append(len(ts))
    f1 = lambda p, r: 0.0 if p == 0 or r == 0 else 2 * p * r / (p + r)
    micro = f1(sum(tps) / sum(n_pred) if sum(n_pred) else 0, sum(tps) / sum(n_truth) if sum(n_truth) else 0)
    macro_p = np.mean([t / n if n else 0 for t, n in zip(tps, n_pred)])
    macro_r = np.mean([t / n if n else 0 for t, n in zip(tps, n_truth)])
    return {"true_positives": tps, "predicted_spans": n_pred, "human_spans": n_truth,
            "macro_f1": f1(macro_p, macro_r), "micro_f1": micro}


def rationale_cases():
    out = []
    for n in [1, 2, 4, 7, 10, 16, 23]:
        for _ in range(3):
            human = rng.integers(0, 2, n).tolist()
            if sum(human) == 0:
                human[rng.integers(0, n)] = 1
            scores = rng.integers(0, 4, n).astype(float).tolist() if n > 3 else rng.normal(size=n).round(2).tolist()
            pred, p, r, f = topk_f1(scores, human)
            out.append({"scores": scores, "human": human, "topk_prediction": pred,
                        "precision": p, "recall": r, "f1": f})
    out.append({"scores": [0.0, 0.0, 0.0], "human": [1, 1, 1], **dict(zip(
        ["topk_prediction", "precision", "recall", "f1"], topk_f1([0.0, 0.0, 0.0], [1, 1, 1])))})
    return out


def iou_cases():
    groups = []
    for size in [1, 3, 5, 8]:
        instances = []
        for _ in range(size):
            n = int(rng.integers(3, 30))
            human = (rng.random(n) < 0.4).astype(int).tolist()
            if sum(human) == 0:
                human[0] = 1
            pred = (rng.random(n) < 0.4).astype(int).tolist()
            if sum(pred) == 0:
                pred[-1] = 1
            instances.append((pred, human))
        groups.append({"instances": [{"predicted": p, "human": h} for p, h in instances], **partial_match(instances)})
    for pred, human in [([1, 1, 0, 0], [1, 1, 0, 0]), ([1, 1, 1, 0], [0, 1, 1, 1]), ([1, 0, 0, 0], [0, 0, 0, 1]),
                        ([1, 1, 1, 1, 1], [0, 1, 0, 1, 0]), ([1], [1]), ([0, 1, 1, 1, 0, 0], [0, 0, 1, 1, 1, 1])]:
        groups.append({"instances": [{"predicted": pred, "human": human}], **partial_match([(pred, human)])})
    return groups




def bootstrap_cases():
    out = []
    for n, seed in [(1, 1), (5, 7), (12, 42), (40, 2026)]:
        values = rng.normal(size=n).round(3).tolist()
        gen = SplitMix64(seed)
        draws = []
        for _ in range(1000):
            idx = [gen.next_int(n) for _ in range(n)]
            draws.append(sum(values[i] for i in idx) / n)
        lower, upper = np.percentile(draws, [2.5, 97.5])
        out.append({"values": values, "seed": seed, "mean": float(np.mean(values)),
                    "lower": float(lower), "upper": float(upper)})
    first = SplitMix64(12345)
    return out, [first.next() for _ in range(5)], [SplitMix64(99).next_int(b) for b in [1, 2, 3, 1000, 2**40 + 17]]


def main():
    boot, raw, bounded = bootstrap_cases()
    golden = {
        "generator": "scripts/golden/metrics_golden.py",
        "score_curves": [{"labels": l, "scores": s, **curves(l, s)} for l, s in score_cases()],
        "correlations": correlation_cases(),
        "rationales": rationale_cases(),
        "iou": iou_cases(),
        "bootstrap": boot,
        "splitmix64_seed12345_first5": [str(v) for v in raw],
        "splitmix64_seed99_next_int": {"bounds": [1, 2, 3, 1000, 2**40 + 17], "values": bounded},
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(golden, f, indent=1)
    print("wrote", os.path.normpath(OUT))


if __name__ == "__main__":
    main()
