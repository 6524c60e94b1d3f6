"""Golden logits of a checkpoint written by AttriBench, loaded by HF transformers.

Tests/TrainingTests/CheckpointExportTests writes a tiny seeded classifier with Training's
CheckpointExport to $TMPDIR/attribench-tiny-checkpoint (model.safetensors, config.json, vocab.txt).
This script loads that folder with BertForSequenceClassification.from_pretrained, runs the test's
three padded rows, and writes Tests/TrainingTests/Golden/checkpoint_golden.json with the logits, the
keys HF found missing or unexpected, and the FNV-1a 64 of the safetensors bytes it read (so the test
knows the golden belongs to the bytes it writes).

Usage: swift test --filter CheckpointExportTests   # writes the checkpoint
       PY=$(bash scripts/reference-venv.sh) && "$PY" scripts/golden/checkpoint_golden.py
"""
import json
import os
import tempfile

import torch
from transformers import BertForSequenceClassification

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "Tests", "TrainingTests", "Golden", "checkpoint_golden.json")
FOLDER = os.path.join(os.environ.get("TMPDIR", tempfile.gettempdir()), "attribench-tiny-checkpoint")
ROWS = [[2, 5, 9, 7, 13, 3], [2, 6, 11, 3], [2, 8, 8, 12, 3]]


def fnv1a(data):
    h = 0xCBF29CE484222325
    for b in data:
        h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return f"{h:016x}"


def main():
    with open(os.path.join(FOLDER, "model.safetensors"), "rb") as f:
        digest = fnv1a(f.read())
    model, info = BertForSequenceClassification.from_pretrained(FOLDER, output_loading_info=True, attn_implementation="eager")
    model.eval()
    length = max(len(r) for r in ROWS)
    ids = torch.tensor([r + [0] * (length - len(r)) for r in ROWS])
    mask = torch.tensor([[1] * len(r) + [0] * (length - len(r)) for r in ROWS])
    with torch.no_grad():
        logits = model(input_ids=ids, attention_mask=mask).logits
    out = {
        "source": "HF transformers BertForSequenceClassification.from_pretrained on the AttriBench-written checkpoint",
        "safetensors_fnv1a": digest,
        "missing_keys": sorted(info["missing_keys"]),
        "unexpected_keys": sorted(info["unexpected_keys"]),
        "id2label": model.config.id2label,
        "rows": ROWS,
        "logits": [[round(float(v), 7) for v in row] for row in logits],
    }
    with open(OUT, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
