"""Golden numbers for ExpNet (arXiv 2601.14112), from HF transformers + PyTorch.

Writes Tests/ExplainersLearnedTests/Golden/expnet_golden.json:
- features: per token, the final layer's attention [CLS]->token and token->[CLS] for every head
  (2 x 12 = 24 values) of all-MiniLM-L6-v2 with the golden classifier head of TransformerCoreTests,
  on pre-split word lists;
- mlp: a seeded two-layer MLP (nn.Linear(24, 8), ReLU, nn.Linear(8, 1), sigmoid) on the first word
  list's features: probabilities, the mean binary focal loss (alpha 0.25, gamma 2, Lin et al. 2017)
  over labelled tokens, its gradient by autograd, and the parameters after three torch.optim.Adam
  steps (lr 1e-2) on that loss.

Usage: PY=$(bash scripts/reference-venv.sh) && "$PY" scripts/golden/expnet_golden.py [MODEL_DIR]
"""
import json
import os
import sys

import numpy as np
import torch
from safetensors.torch import load_file
from transformers import AutoTokenizer, BertForSequenceClassification

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")
OUT = os.path.join(ROOT, "Tests", "ExplainersLearnedTests", "Golden", "expnet_golden.json")
HEAD = os.path.join(ROOT, "Tests", "TransformerCoreTests", "Golden", "encoder_head.safetensors")
MODEL = sys.argv[1] if len(sys.argv) > 1 else os.path.expanduser(
    os.path.join(os.environ.get("ATTRIBENCH_HOME", "~/.cache/attribench"), "models", "all-MiniLM-L6-v2"))

WORD_LISTS = [
    ["It", "'s", "a", "lovely", "film", "with", "unforgettable", "performances", "."],
    ["the", "plot", "is", "thin", ",", "but", "the", "acting", "is", "superb"],
]
HIDDEN = 8
ALPHA, GAMMA, LR, STEPS = 0.25, 2.0, 1e-2, 3


def focal(logits, labels):
    p = torch.sigmoid(logits)
    p_t = torch.where(labels, p, 1 - p)
    alpha_t = torch.where(labels, torch.full_like(p, ALPHA), torch.full_like(p, 1 - ALPHA))
    log_p_t = torch.where(labels, torch.nn.functional.logsigmoid(logits), torch.nn.functional.logsigmoid(-logits))
    return (-alpha_t * (1 - p_t) ** GAMMA * log_p_t).mean()


def main():
    torch.manual_seed(0)
    tokenizer = AutoTokenizer.from_pretrained(MODEL)
    head = load_file(HEAD)
    model = BertForSequenceClassification.from_pretrained(MODEL, num_labels=head["classifier.weight"].shape[0],
                                                          attn_implementation="eager")
    model.classifier.weight.data = head["classifier.weight"].float()
    model.classifier.bias.data = head["classifier.bias"].float()
    model.eval()
    cases = []
    for words in WORD_LISTS:
        encoded = tokenizer(words, is_split_into_words=True, return_tensors="pt")
        with torch.no_grad():
            out = model(**encoded, output_attentions=True)
        a = out.attentions[-1][0].double()  # (H,T,T)
        features = torch.cat([a[:, 0, :].T, a[:, :, 0].T], dim=1)  # (T, 2H): [CLS]->token heads, token->[CLS] heads
        cases.append({"words": words, "ids": encoded["input_ids"][0].tolist(), "features": features.flatten().tolist(),
                      "width": features.shape[1]})

    x = torch.tensor(cases[0]["features"], dtype=torch.float64).reshape(-1, cases[0]["width"])
    f = x.shape[1]
    rng = np.random.default_rng(1)
    w1 = torch.tensor(rng.uniform(-0.5, 0.5, (HIDDEN, f)), requires_grad=True)
    b1 = torch.tensor(rng.uniform(-0.1, 0.1, HIDDEN), requires_grad=True)
    w2 = torch.tensor(rng.uniform(-0.5, 0.5, (1, HIDDEN)), requires_grad=True)
    b2 = torch.tensor(rng.uniform(-0.1, 0.1, 1), requires_grad=True)
    labels = torch.tensor([i % 3 == 1 for i in range(x.shape[0])])

    def forward():
        return (torch.relu(x @ w1.T + b1) @ w2.T + b2).squeeze(1)

    params = [w1, b1, w2, b2]
    flat = lambda ts: torch.cat([t.detach().flatten() for t in ts]).tolist()
    logits = forward()
    loss = focal(logits, labels)
    loss.backward()
    initial = flat(params)
    gradient = flat([t.grad for t in params])
    probabilities = torch.sigmoid(logits).detach().tolist()
    optimiser = torch.optim.Adam(params, lr=LR)
    optimiser.zero_grad()
    for _ in range(STEPS):
        optimiser.zero_grad()
        focal(forward(), labels).backward()
        optimiser.step()
    mlp = {"hidden": HIDDEN, "alpha": ALPHA, "gamma": GAMMA, "lr": LR, "steps": STEPS,
           "labels": [int(v) for v in labels.tolist()], "parameters": initial, "probabilities": probabilities,
           "loss": loss.item(), "gradient": gradient, "after_adam": flat(params)}
    with open(OUT, "w") as handle:
        json.dump({"model": os.path.basename(MODEL), "torch": torch.__version__, "cases": cases, "mlp": mlp}, handle)
        handle.write("\n")
    print("wrote", OUT)


if __name__ == "__main__":
    main()
