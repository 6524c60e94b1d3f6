"""Python peers of the perturbation benchmark: shap (KernelExplainer, PartitionExplainer), lime
(LimeTextExplainer) and Captum (Lime, KernelShap) on the golden classifier (all-MiniLM-L6-v2 + the seeded
head), the same sentences, the same [MASK] masker and the same budgets as AttriBench's defaults:
lime 1,000 samples, KernelSHAP 2·M + 2,048 coalitions, Partition 500 evaluations.

Each library runs at its defaults and, where it has one, at its best batched setting:
- lime: classifier_fn gets all samples in one call (batched by 64 rows): one setting.
- shap KernelExplainer: the model gets all coalitions in one call (64 rows a forward), default l1_reg.
- shap PartitionExplainer: batch_size 5 (its Text masker's default) and 64.
- Captum Lime / KernelShap: perturbations_per_eval 1 (the default: one perturbation per forward) and 64.

Prints one JSON object per (library, setting, sentence):
  {"peer": ..., "method": ..., "setting": "default"|"batched", "sentence": i, "words": M, "forward_passes": n, "seconds": s}
Usage: "$PY" benchmarks/python/perturbation_libs.py MODEL_DIR HEAD.safetensors SENTENCES.json [--threads 2]
"""
import argparse
import json
import time
import warnings

import lime.lime_text
import numpy as np
import shap
import torch
from captum.attr import KernelShap, Lime
from safetensors.torch import load_file
from transformers import AutoTokenizer, BertForSequenceClassification

MASK_STRING = "\u0001"


class Game:
    """The target probability with some words kept; a removed word's tokens become [MASK]."""

    def __init__(self, tok, model, words):
        self.tok, self.model, self.words = tok, model, words
        enc = tok(words, is_split_into_words=True)
        self.ids = torch.tensor(enc["input_ids"])
        self.word_ids = enc.word_ids()
        self.calls = 0
        with torch.inference_mode():
            self.target = int(model(input_ids=self.ids[None]).logits[0].argmax())

    def probabilities(self, ids):
        self.calls += ids.shape[0]
        with torch.inference_mode():
            return torch.softmax(self.model(input_ids=ids, attention_mask=torch.ones_like(ids)).logits, -1)[:, self.target]

    def __call__(self, masks):
        masks = np.asarray(masks) > 0.5
        word = torch.tensor([-1 if w is None else w for w in self.word_ids])
        out = []
        for start in range(0, len(masks), 64):
            keep = torch.tensor(masks[start:start + 64])
            removed = (word[None, :] >= 0) & ~keep[:, word.clamp(min=0)]
            ids = torch.where(removed, torch.tensor(self.tok.mask_token_id), self.ids[None, :])
            out.append(self.probabilities(ids).double().numpy())
        return np.concatenate(out)


class WordMasker:
    def __init__(self, m, clustering, batch_size):
        self.shape = (1, m)
        self.clustering = np.array(clustering, dtype=float)
        self.default_batch_size = batch_size

    def __call__(self, mask, x):
        return (np.asarray(mask, dtype=float).reshape(1, -1),)


def word_tree(game):
    """shap's Text-masker clustering with each word's pieces collapsed (as in perturbation_golden.py)."""
    from shap.maskers._text import partition_tree
    decoded = [game.tok.decode([v]) for v in game.ids.tolist()]
    clustering = partition_tree(decoded, [game.tok.sep_token])
    T, M = len(decoded), len(game.words)
    words_of = [{game.word_ids[i]} - {None} for i in range(T)]
    for row in clustering:
        words_of.append(words_of[int(row[0])] | words_of[int(row[1])])
    mapped, nodes = {i: game.word_ids[i] for i in range(T)}, []
    for k, row in enumerate(clustering):
        left, right, node = int(row[0]), int(row[1]), T + k
        a, b = mapped[left], mapped[right]
        if a is None or b is None:
            mapped[node] = a if b is None else b
        elif words_of[left] & words_of[right]:
            mapped[node] = a
        else:
            nodes.append([a, b, float(row[2]), len(words_of[node])])
            mapped[node] = M + len(nodes) - 1
    return nodes


def run_lime(game):
    m = len(game.words)

    def classifier(strings):
        p = game(np.array([[part != MASK_STRING for part in s.split(" ")] for s in strings]))
        return np.stack([1 - p, p], axis=1)

    explainer = lime.lime_text.LimeTextExplainer(kernel_width=25, bow=False, split_expression=" ", mask_string=MASK_STRING,
                                                 feature_selection="none", random_state=0)
    explainer.explain_instance(" ".join(game.words), classifier, labels=(1,), num_features=m, num_samples=1000)


def run_kernel_shap(game):
    m = len(game.words)
    shap.KernelExplainer(game, np.zeros((1, m))).shap_values(np.ones((1, m)), silent=True)


def run_partition(game, batch_size):
    m = len(game.words)
    explainer = shap.PartitionExplainer(game, WordMasker(m, word_tree(game), batch_size))
    explainer(np.ones((1, m)), max_evals=500, silent=True)


def captum_inputs(game):
    feature = torch.tensor([0 if w is None else w for w in game.word_ids])[None]
    special = torch.tensor([w is None for w in game.word_ids])
    baseline = torch.where(special, game.ids, torch.tensor(game.tok.mask_token_id))[None]
    return game.ids[None], baseline, feature


def run_captum(game, method, per_eval):
    inputs, baselines, feature_mask = captum_inputs(game)
    m = len(game.words)
    if method == "lime":
        Lime(game.probabilities).attribute(inputs, baselines=baselines, feature_mask=feature_mask, n_samples=1000,
                                          perturbations_per_eval=per_eval)
    else:
        KernelShap(game.probabilities).attribute(inputs, baselines=baselines, feature_mask=feature_mask,
                                                n_samples=2 * m + 2048, perturbations_per_eval=per_eval)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("model")
    parser.add_argument("head")
    parser.add_argument("sentences")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    np.random.seed(0)
    warnings.filterwarnings("ignore")
    tok = AutoTokenizer.from_pretrained(args.model)
    model = BertForSequenceClassification.from_pretrained(args.model, num_labels=2, attn_implementation="eager")
    head = load_file(args.head)
    with torch.no_grad():
        model.classifier.weight.copy_(head["classifier.weight"])
        model.classifier.bias.copy_(head["classifier.bias"])
    model.eval()
    runs = [
        ("lime", "lime", "default", run_lime),
        ("shap", "kernel-shap", "default", run_kernel_shap),
        ("shap", "partition-shap", "default", lambda g: run_partition(g, 5)),
        ("shap", "partition-shap", "batched", lambda g: run_partition(g, 64)),
        ("captum", "lime", "default", lambda g: run_captum(g, "lime", 1)),
        ("captum", "lime", "batched", lambda g: run_captum(g, "lime", 64)),
        ("captum", "kernel-shap", "default", lambda g: run_captum(g, "kernel-shap", 1)),
        ("captum", "kernel-shap", "batched", lambda g: run_captum(g, "kernel-shap", 64)),
    ]
    sentences = json.load(open(args.sentences))
    for index, words in enumerate(sentences):
        game = Game(tok, model, words)
        game(np.ones((2, len(words))))  # warm-up
        for peer, method, setting, run in runs:
            game.calls = 0
            start = time.perf_counter()
            run(game)
            seconds = time.perf_counter() - start
            print(json.dumps({"peer": peer, "method": method, "setting": setting, "sentence": index, "words": len(words),
                              "forward_passes": game.calls, "seconds": seconds}), flush=True)


if __name__ == "__main__":
    main()
