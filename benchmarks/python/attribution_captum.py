"""Captum peer of the attribution throughput benchmark: Saliency, InputXGradient and IntegratedGradients
(50 Gauss-Legendre steps, all in one batch, [PAD] baseline with [CLS]/[SEP] kept) on the golden classifier
(all-MiniLM-L6-v2 + Tests/TransformerCoreTests/Golden/encoder_head.safetensors), explaining the first N
SST-2 dev sentences one at a time, reduced per token as the Swift explainers are; plus a bare forward pass.

Prints one JSON object per case: {"peer": "captum", "case": ..., "examples": N, "examples_per_second": ...}
Usage: PY=$(bash scripts/reference-venv.sh); "$PY" benchmarks/python/attribution_captum.py MODEL HEAD SST2_DEV.jsonl
"""
import argparse
import json
import time

import torch
from captum.attr import InputXGradient, IntegratedGradients, Saliency
from safetensors.torch import load_file
from transformers import AutoTokenizer, BertForSequenceClassification


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("model")
    parser.add_argument("head")
    parser.add_argument("data")
    parser.add_argument("--examples", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    tok = AutoTokenizer.from_pretrained(args.model)
    model = BertForSequenceClassification.from_pretrained(args.model, num_labels=2, attn_implementation="eager")
    model.eval()
    head = load_file(args.head)
    with torch.no_grad():
        model.classifier.weight.copy_(head["classifier.weight"])
        model.classifier.bias.copy_(head["classifier.bias"])
    table = model.bert.embeddings.word_embeddings.weight.detach()
    with open(args.data) as f:
        sentences = [json.loads(line)["tokens"] for line in f if line.strip()][: args.examples]

    def forward(embeddings):
        return model(inputs_embeds=embeddings).logits

    inputs = []
    for words in sentences:
        enc = tok(words, is_split_into_words=True, return_tensors="pt")
        embeddings = table[enc["input_ids"]].clone()
        baseline = embeddings.clone()
        for position, word in enumerate(enc.word_ids()):
            if word is not None:
                baseline[0, position] = table[tok.pad_token_id]
        with torch.no_grad():
            target = int(forward(embeddings)[0].argmax())
        inputs.append((enc["input_ids"], embeddings, baseline, target))

    saliency, gxi, ig = Saliency(forward), InputXGradient(forward), IntegratedGradients(forward)

    def bare():
        with torch.inference_mode():
            for ids, _, _, _ in inputs:
                model(input_ids=ids)

    def run_saliency():
        for _, e, _, t in inputs:
            saliency.attribute(e.clone().requires_grad_(), target=t, abs=True)[0].norm(dim=-1)

    def run_gxi():
        for _, e, _, t in inputs:
            gxi.attribute(e.clone().requires_grad_(), target=t)[0].sum(-1)

    def run_ig():
        for _, e, b, t in inputs:
            ig.attribute(e, baselines=b, target=t, n_steps=50, method="gausslegendre",
                         return_convergence_delta=True)[0][0].sum(-1)

    for name, fn in [("forward", bare), ("saliency", run_saliency), ("gradient-x-input", run_gxi),
                     ("integrated-gradients", run_ig)]:
        fn()  # warm-up on the whole set
        start = time.perf_counter()
        fn()
        elapsed = time.perf_counter() - start
        print(json.dumps({"peer": "captum", "case": name, "examples": len(inputs),
                          "examples_per_second": len(inputs) / elapsed}), flush=True)


if __name__ == "__main__":
    main()
