"""Golden numbers for the perturbation explainers, from shap and lime on the golden classifier
(all-MiniLM-L6-v2 + the seeded head Tests/TransformerCoreTests/Golden/encoder_head.safetensors written
by encoder_golden.py), with the same masker as AttriBench: a removed word's tokens become [MASK].

The model the libraries see is a function of binary word masks (1 keeps the word), so shap and lime
choose the coalitions and fit the attributions while the masking is exactly AttriBench's TokenMasker.
The target is the predicted class's softmax probability.

- exact cases (M <= 10 words): shap KernelExplainer over every coalition (nsamples = 2^M - 2) and shap
  PartitionExplainer with a budget covering the whole tree, over the word-level hierarchy of shap's
  Text masker (its partition_tree on the BERT tokens, each word's pieces collapsed into one leaf);
  lime's own samples (masks, coefficients, intercept, score) at 1,000 samples.
- rank cases (longer sentences): shap KernelExplainer at nsamples = 2M + 2048 with l1_reg=False,
  PartitionExplainer at max_evals = 500 (batch_size 5, the Text masker's), lime at 5,000 samples.

Writes Tests/ExplainersPerturbationTests/Golden/perturbation_golden.json.
Usage: PY=$(bash scripts/reference-venv.sh) && "$PY" scripts/golden/perturbation_golden.py [MODEL_DIR]
"""
import json
import os
import sys

import lime
import lime.lime_text
import numpy as np
import shap
import torch
from safetensors.torch import load_file
from shap.maskers._text import partition_tree
from transformers import AutoTokenizer, BertForSequenceClassification

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
OUT = os.path.join(ROOT, "Tests", "ExplainersPerturbationTests", "Golden", "perturbation_golden.json")
HEAD = os.path.join(ROOT, "Tests", "TransformerCoreTests", "Golden", "encoder_head.safetensors")
MODEL = sys.argv[1] if len(sys.argv) > 1 else os.path.expanduser(
    os.path.join(os.environ.get("ATTRIBENCH_HOME", "~/.cache/attribench"), "models", "all-MiniLM-L6-v2"))

EXACT = [
    "the movie was surprisingly good.",
    "A gripping, beautifully acted story.",
    "It's not bad (at all)!",
]
RANKED = [
    "An unflinching and often hilarious portrait of grief, though the final act drags on far too long.",
]
MASK_STRING = "\u0001"


def load():
    tok = AutoTokenizer.from_pretrained(MODEL)
    model = BertForSequenceClassification.from_pretrained(MODEL, num_labels=2, attn_implementation="eager")
    head = load_file(HEAD)
    with torch.no_grad():
        model.classifier.weight.copy_(head["classifier.weight"])
        model.classifier.bias.copy_(head["classifier.bias"])
    model.eval()
    return tok, model


class Game:
    """The target probability of the input with some words kept; removed words' tokens -> [MASK]."""

    def __init__(self, tok, model, words):
        self.tok, self.model, self.words = tok, model, words
        enc = tok(words, is_split_into_words=True)
        self.ids = np.array(enc["input_ids"])
        self.word_ids = enc.word_ids()
        self.tokens = tok.convert_ids_to_tokens(enc["input_ids"])
        self.calls = 0
        full = self.logits(np.ones((1, len(words)), dtype=bool))[0]
        self.target = int(np.argmax(full))

    def logits(self, masks):
        masks = np.asarray(masks) > 0.5
        out = []
        for start in range(0, len(masks), 64):
            rows = []
            for mask in masks[start:start + 64]:
                ids = self.ids.copy()
                for position, word in enumerate(self.word_ids):
                    if word is not None and not mask[word]:
                        ids[position] = self.tok.mask_token_id
                rows.append(ids)
            with torch.no_grad():
                x = torch.tensor(np.array(rows))
                out.append(self.model(input_ids=x, attention_mask=torch.ones_like(x)).logits.double().numpy())
        self.calls += len(masks)
        return np.concatenate(out)

    def __call__(self, masks):
        logits = self.logits(masks)
        probabilities = np.exp(logits - logits.max(1, keepdims=True))
        probabilities /= probabilities.sum(1, keepdims=True)
        return probabilities[:, self.target]


def word_tree(game):
    """shap's Text-masker clustering over the BERT tokens, each word's pieces collapsed into one leaf."""
    decoded = [game.tok.decode([v]) for v in game.ids]
    clustering = partition_tree(decoded, [game.tok.sep_token])
    T, M = len(decoded), len(game.words)
    words_of = [{game.word_ids[i]} - {None} for i in range(T)]
    for row in clustering:
        words_of.append(words_of[int(row[0])] | words_of[int(row[1])])
    nodes = []
    mapped = {i: game.word_ids[i] for i in range(T)}  # token-level node -> word-level node (None: specials only)
    for k, row in enumerate(clustering):
        left, right, node = int(row[0]), int(row[1]), T + k
        a, b = mapped[left], mapped[right]
        if a is None or b is None:
            mapped[node] = a if b is None else b
            continue
        if words_of[left] & words_of[right]:
            assert len(words_of[node]) == 1, "a word's pieces are split by shap's clustering"
            mapped[node] = a
            continue
        size = len(words_of[node])
        nodes.append([a, b, float(row[2]), size])
        mapped[node] = M + len(nodes) - 1
    assert len(nodes) == M - 1
    return nodes


class WordMasker:
    """A shap masker over word masks, with the word hierarchy as its clustering."""

    def __init__(self, m, clustering):
        self.shape = (1, m)
        self.clustering = np.array(clustering, dtype=float)

    def __call__(self, mask, x):
        return (np.asarray(mask, dtype=float).reshape(1, -1),)


def kernel_shap(game, nsamples):
    m = len(game.words)
    explainer = shap.KernelExplainer(game, np.zeros((1, m)))
    values = explainer.shap_values(np.ones((1, m)), nsamples=nsamples, l1_reg=False, silent=True)
    return np.asarray(values).reshape(-1).tolist()


def partition_shap(game, tree, max_evals, batch_size=5):
    m = len(game.words)
    np.random.seed(0)
    explainer = shap.PartitionExplainer(game, WordMasker(m, tree))
    explanation = explainer(np.ones((1, m)), max_evals=max_evals, batch_size=batch_size, silent=True)
    return explanation.values[0].tolist()


def lime_fit(game, num_samples):
    m = len(game.words)
    recorded = []

    def classifier(strings):
        masks = np.array([[part != MASK_STRING for part in s.split(" ")] for s in strings])
        assert masks.shape[1] == m
        recorded.append(masks)
        p = game(masks)
        return np.stack([1 - p, p], axis=1)

    explainer = lime.lime_text.LimeTextExplainer(kernel_width=25, bow=False, split_expression=" ", mask_string=MASK_STRING,
                                                 feature_selection="none", random_state=0)
    exp = explainer.explain_instance(" ".join(game.words), classifier, labels=(1,), num_features=m, num_samples=num_samples)
    coefficients = [0.0] * m
    for feature, weight in exp.local_exp[1]:
        coefficients[feature] = float(weight)
    masks = np.concatenate(recorded)
    return {"masks": ["".join("1" if v else "0" for v in row) for row in masks], "coefficients": coefficients,
            "intercept": float(exp.intercept[1]), "score": float(exp.score)}


def pre_tokenize(tok, text):
    return [w for w, _ in tok.backend_tokenizer.pre_tokenizer.pre_tokenize_str(text)]


def main():
    torch.manual_seed(0)
    torch.set_num_threads(2)
    tok, model = load()
    exact, ranked = [], []
    for text in EXACT:
        game = Game(tok, model, pre_tokenize(tok, text))
        m = len(game.words)
        assert m <= 10, text
        tree = word_tree(game)
        base, full = game(np.zeros((1, m)))[0], game(np.ones((1, m)))[0]
        exact.append({"words": game.words, "target": game.target, "base": float(base), "full": float(full), "tree": tree,
                      "kernel_shap": kernel_shap(game, 2 ** m - 2), "partition_shap": partition_shap(game, tree, 100000),
                      "lime": lime_fit(game, 1000)})
        print(f"{text!r}: {m} words, {game.calls} model calls", file=sys.stderr)
    for text in RANKED:
        game = Game(tok, model, pre_tokenize(tok, text))
        m = len(game.words)
        tree = word_tree(game)
        ranked.append({"words": game.words, "target": game.target, "tree": tree,
                       "kernel_shap": kernel_shap(game, 2 * m + 2048), "partition_shap": partition_shap(game, tree, 500),
                       "lime": lime_fit(game, 5000)["coefficients"]})
    golden = {"generator": "scripts/golden/perturbation_golden.py", "shap": shap.__version__, "lime": "0.2.0.1",
              "torch": torch.__version__, "model": "all-MiniLM-L6-v2 + encoder_head.safetensors", "removal": "mask",
              "output": "probability", "exact": exact, "ranked": ranked}
    with open(OUT, "w") as f:
        json.dump(golden, f)
    print("wrote", os.path.relpath(OUT, ROOT))


if __name__ == "__main__":
    main()
