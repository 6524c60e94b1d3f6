"""Golden numbers for the BERT encoder, from HF transformers + PyTorch on all-MiniLM-L6-v2.

Writes Tests/TransformerCoreTests/Golden/encoder_golden.json and encoder_head.safetensors (the seeded
random classifier head that the logits and gradients are computed under, so that Swift loads the same).

Usage: PY=$(bash scripts/reference-venv.sh) && "$PY" scripts/golden/encoder_golden.py [MODEL_DIR]
"""
import json
import os
import sys

import torch
from safetensors.torch import save_file
from transformers import AutoTokenizer, BertForSequenceClassification

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_DIR = os.path.join(HERE, "..", "..", "Tests", "TransformerCoreTests", "Golden")
MODEL = sys.argv[1] if len(sys.argv) > 1 else os.path.expanduser(
    os.path.join(os.environ.get("ATTRIBENCH_HOME", "~/.cache/attribench"), "models", "all-MiniLM-L6-v2"))

AWKWARD = [
    "",
    "Hello, world!",
    "Crème brûlée at the Café Müller — naïve façade.",
    "東京は日本の首都です。",
    "emoji 😀👍🏽 mixed with text 🚀",
    "!!!???...,,,;;;---",
    "3.14159 1,000,000 2nd 42nd 1e-5",
    "a" * 120,
    "supercalifragilisticexpialidocious antidisestablishmentarianism",
    "tabs\tand\nnewlines\r\nand   spaces",
    "It's a [MASK] film, isn't it?",
    "ÀÉÎÕÜ ǅ İstanbul ß ﬁ",
    "control\u0000chars\u200b here\u00ad",
    "don't won't can't y'all",
    "Ελληνικά και русский текст",
    "https://example.com/path?q=1&r=2#frag",
]
WORD_LISTS = [
    ["It", "'s", "a", "lovely", "film", "with", "lovely", "performances", "."],
    ["unbelievably", "GOOD", "!!", "Café"],
    ["", "x", "😀"],
]
SENTENCES = [
    "the movie was surprisingly good.",
    "A gripping, beautifully acted story that never lets go.",
]


def rounded(t, digits=7):
    return [float(f"{v:.{digits}g}") for v in t.detach().reshape(-1).tolist()]


def main():
    torch.manual_seed(0)
    torch.set_num_threads(2)
    tok = AutoTokenizer.from_pretrained(MODEL)
    model = BertForSequenceClassification.from_pretrained(MODEL, num_labels=2, attn_implementation="eager")
    model.eval()
    with torch.no_grad():
        g = torch.Generator().manual_seed(1234)
        model.classifier.weight.copy_(torch.randn(model.classifier.weight.shape, generator=g) * 0.5)
        model.classifier.bias.copy_(torch.randn(model.classifier.bias.shape, generator=g) * 0.1)
    os.makedirs(OUT_DIR, exist_ok=True)
    save_file({"classifier.weight": model.classifier.weight.detach().contiguous(),
               "classifier.bias": model.classifier.bias.detach().contiguous()},
              os.path.join(OUT_DIR, "encoder_head.safetensors"))

    tokenizer_cases = []
    for text in AWKWARD:
        enc = tok(text, truncation=False, padding=False)
        tokenizer_cases.append({"text": text, "ids": enc["input_ids"], "tokens": tok.convert_ids_to_tokens(enc["input_ids"]),
                                "word_ids": enc.word_ids()})
    for words in WORD_LISTS:
        enc = tok(words, is_split_into_words=True, truncation=False, padding=False)
        tokenizer_cases.append({"words": words, "ids": enc["input_ids"], "word_ids": enc.word_ids()})
    truncated = tok(SENTENCES[1], truncation=True, max_length=8)
    tokenizer_cases.append({"text": SENTENCES[1], "max_length": 8, "ids": truncated["input_ids"],
                            "word_ids": truncated.word_ids()})

    forward_cases = []
    for text in SENTENCES:
        enc = tok(text, return_tensors="pt")
        ids = enc["input_ids"]
        word_embeddings = model.bert.embeddings.word_embeddings(ids).detach().requires_grad_(True)
        out = model(inputs_embeds=word_embeddings, attention_mask=enc["attention_mask"],
                    token_type_ids=enc["token_type_ids"], output_attentions=True, output_hidden_states=True)
        out.logits[0, 1].backward()
        forward_cases.append({
            "text": text, "ids": ids[0].tolist(),
            "embedding_output": rounded(out.hidden_states[0][0]),
            "last_hidden_state": rounded(out.hidden_states[-1][0]),
            "attentions": rounded(torch.stack([a[0] for a in out.attentions])),  # (L,H,T,T)
            "logits": rounded(out.logits[0]),
            "grad_label": 1,
            "grad_wrt_word_embeddings": rounded(word_embeddings.grad[0]),
        })

    batch = tok(SENTENCES, padding=True, return_tensors="pt")
    with torch.no_grad():
        out = model(**batch, output_attentions=True)
    padded = {"texts": SENTENCES, "ids": batch["input_ids"].tolist(), "attention_mask": batch["attention_mask"].tolist(),
              "logits": [rounded(row) for row in out.logits],
              "last_layer_attentions": rounded(out.attentions[-1])}  # (B,H,T,T)

    golden = {"generator": "scripts/golden/encoder_golden.py", "torch": torch.__version__,
              "model": "all-MiniLM-L6-v2", "tokenizer": tokenizer_cases, "forward": forward_cases, "padded_batch": padded}
    with open(os.path.join(OUT_DIR, "encoder_golden.json"), "w") as f:
        json.dump(golden, f)
    print("wrote", os.path.normpath(OUT_DIR))


if __name__ == "__main__":
    main()
