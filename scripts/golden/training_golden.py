"""Golden training trajectories: HF transformers' BertForSequenceClassification fine-tuned for a few
AdamW steps exactly as `attribench finetune` does, once with dropout off and once with dropout 0.1
drawn from AttriBench's own masks (torch.nn.functional.dropout is replaced, for the run, by a function
that applies the next mask Sources/TensorCore/Kernels/Dropout.swift would draw from the step's seed,
in the order Sources/Training/BertTraining.swift draws them: embeddings; per layer attention
probabilities, attention output, feed-forward output; pooled [CLS]). With the same masks the two
trainers must follow the same trajectory; only the random draws differ between real fine-tunes.

Starts from the real all-MiniLM-L6-v2 with the classifier head AttriBench draws for seed 0
(scripts/swift_dropout.py's head_weights), written into the golden file: the Swift test checks that
it draws the same head. Trains on the first 24 SST-2 training
sentences as three fixed batches of 8 (padded to each batch's longest), two epochs (6 steps): AdamW
lr 1e-4, weight decay 0.01 except biases and LayerNorm weights, betas (0.9, 0.999), eps 1e-8, linear
warm-up over ceil(10%) of the steps then linear decay, gradient clipping at 1.0, mean cross-entropy
(scripts/reference/finetune_torch.py's loop). Records each step's loss and gradient norm before
clipping, and the logits of all 24 sentences after training (eval mode).

Writes Tests/TrainingTests/Golden/training_golden.json. Usage:
  PY=$(bash scripts/reference-venv.sh) && "$PY" scripts/golden/training_golden.py [MODEL_DIR] [DATA_DIR]
"""
import json
import math
import os
import sys

import torch
from transformers import AutoTokenizer, BertForSequenceClassification

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "Tests", "TrainingTests", "Golden", "training_golden.json")
MODEL = sys.argv[1] if len(sys.argv) > 1 else os.path.expanduser(
    os.path.join(os.environ.get("ATTRIBENCH_HOME", "~/.cache/attribench"), "models", "all-MiniLM-L6-v2"))
DATA = sys.argv[2] if len(sys.argv) > 2 else os.environ.get(
    "ATTRIBENCH_DATA", os.path.join(HERE, "..", "..", "..", "shared", "datasets"))
SENTENCES, BATCH, EPOCHS, LR, MAX_LENGTH = 24, 8, 2, 1e-4, 128
DROPOUT_SEED = 1000  # step k's forward pass draws its masks from seed DROPOUT_SEED + k
sys.path.insert(0, os.path.join(HERE, ".."))
from swift_dropout import SwiftDropout, head_weights  # noqa: E402


def main():
    torch.set_num_threads(1)
    tokenizer = AutoTokenizer.from_pretrained(MODEL)
    with open(os.path.join(DATA, "sst2", "sst2_train_rationales.jsonl")) as f:
        records = [json.loads(line) for line in f if line.strip()][:SENTENCES]
    rows, labels = [], []
    for r in records:
        ids = [tokenizer.cls_token_id]
        for w in r["tokens"]:
            ids += tokenizer.encode(w, add_special_tokens=False)
        rows.append(ids[: MAX_LENGTH - 1] + [tokenizer.sep_token_id])
        labels.append(int(r["label"]))

    # The head AttriBench draws for seed 0 (BertParameterSet), which the Swift test checks it draws too.
    weight = torch.from_numpy(head_weights(2 * 384, 0)).view(2, 384)
    head = {"classifier_weight": weight.flatten().tolist(), "classifier_bias": [0.0, 0.0]}
    plain = BertForSequenceClassification.from_pretrained(
        MODEL, num_labels=2, attn_implementation="eager", hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0)
    dropped = BertForSequenceClassification.from_pretrained(
        MODEL, num_labels=2, attn_implementation="eager", hidden_dropout_prob=0.1, attention_probs_dropout_prob=0.1)
    for model in (plain, dropped):
        model.classifier.weight.data.copy_(weight)
        model.classifier.bias.data.zero_()
    steps, logits = trajectory(plain, rows, labels, tokenizer.pad_token_id, dropout=None)
    with SwiftDropout(0.1) as swift_dropout:
        dropout_steps, dropout_logits = trajectory(dropped, rows, labels, tokenizer.pad_token_id, dropout=swift_dropout)
    out = {
        "source": "HF transformers BertForSequenceClassification (all-MiniLM-L6-v2) + torch.optim.AdamW + LambdaLR linear schedule; "
                  "dropout off, then dropout 0.1 with AttriBench's masks",
        "learning_rate": LR, "epochs": EPOCHS, "batch_size": BATCH, "weight_decay": 0.01, "max_grad_norm": 1.0,
        "warmup_fraction": 0.1, "dropout": 0.1, "dropout_seed": DROPOUT_SEED,
        "rows": rows, "labels": labels, "batches": [list(range(s, s + BATCH)) for s in range(0, SENTENCES, BATCH)],
        **head,
        "steps": steps, "final_logits": logits,
        "dropout_steps": dropout_steps, "dropout_final_logits": dropout_logits,
    }
    with open(OUT, "w") as f:
        json.dump(out, f, indent=None, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {OUT}: losses {[round(s['loss'], 5) for s in steps]}, with dropout {[round(s['loss'], 5) for s in dropout_steps]}")


def trajectory(model, rows, labels, pad_id, dropout):
    """Two epochs over the fixed batches; each step's loss and gradient norm, then eval-mode logits."""
    model.train()
    decay, no_decay = [], []
    for name, p in model.named_parameters():
        (no_decay if name.endswith(".bias") or "LayerNorm" in name else decay).append(p)
    optimizer = torch.optim.AdamW([{"params": decay, "weight_decay": 0.01}, {"params": no_decay, "weight_decay": 0.0}],
                                  lr=LR, betas=(0.9, 0.999), eps=1e-8)
    batches = [list(range(s, s + BATCH)) for s in range(0, SENTENCES, BATCH)]
    total = EPOCHS * len(batches)
    warmup = math.ceil(0.1 * total)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: s / max(1, warmup) if s < warmup else max(0.0, (total - s) / max(1, total - warmup)))

    def tensors(indices):
        length = max(len(rows[i]) for i in indices)
        ids = torch.tensor([rows[i] + [pad_id] * (length - len(rows[i])) for i in indices])
        mask = torch.tensor([[1] * len(rows[i]) + [0] * (length - len(rows[i])) for i in indices])
        return ids, mask

    steps = []
    for _ in range(EPOCHS):
        for indices in batches:
            ids, mask = tensors(indices)
            if dropout is not None:
                dropout.start_pass(DROPOUT_SEED + len(steps))
            loss = model(input_ids=ids, attention_mask=mask, labels=torch.tensor([labels[i] for i in indices])).loss
            if dropout is not None:  # embeddings, three per layer, pooled: the masks Swift draws
                assert dropout.calls == 2 + 3 * model.config.num_hidden_layers, f"{dropout.calls} dropout calls"
            loss.backward()
            norm = torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            optimizer.zero_grad(set_to_none=True)
            steps.append({"loss": float(loss.detach()), "gradient_norm": float(norm)})

    model.eval()
    ids, mask = tensors(list(range(SENTENCES)))
    with torch.no_grad():
        logits = model(input_ids=ids, attention_mask=mask).logits
    return steps, [[float(v) for v in row] for row in logits]


if __name__ == "__main__":
    main()
