"""PyTorch eager peer of the encoder throughput benchmark (all-MiniLM-L6-v2, output_attentions=True).

Prints one JSON object per case on stdout:
  {"peer": "pytorch", "case": "forward", "batch": B, "tokens": T, "examples_per_second": ..., "peak_rss_mb": ...}
Cases match benchmarks' Swift side: forward with attentions at (1,16), (1,64), (32,64), (1,512);
forward + backward to the input embeddings (no weight gradients, as Captum's
torch.autograd.grad) at (1,64) and (50,64).

Usage: PY=$(bash scripts/reference-venv.sh); "$PY" benchmarks/python/encoder_torch.py MODEL_DIR [--threads 2]
"""
import argparse
import json
import resource
import time

import torch
from transformers import BertForSequenceClassification

FORWARD_CASES = [(1, 16), (1, 64), (32, 64), (1, 512)]
BACKWARD_CASES = [(1, 64), (50, 64)]


def timed(fn, min_seconds=2.0, min_iters=3):
    fn()  # warm-up
    iters, start = 0, time.perf_counter()
    while True:
        fn()
        iters += 1
        elapsed = time.perf_counter() - start
        if elapsed >= min_seconds and iters >= min_iters:
            return elapsed / iters


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("model")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=2.0)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    model = BertForSequenceClassification.from_pretrained(args.model, num_labels=2, attn_implementation="eager")
    model.eval()
    vocab = model.config.vocab_size

    def ids(batch, tokens):
        g = torch.Generator().manual_seed(batch * 1000 + tokens)
        x = torch.randint(1000, vocab, (batch, tokens), generator=g)
        x[:, 0], x[:, -1] = 101, 102
        return x

    for batch, tokens in FORWARD_CASES:
        x = ids(batch, tokens)
        mask = torch.ones_like(x)

        def run():
            with torch.inference_mode():
                model(input_ids=x, attention_mask=mask, output_attentions=True)

        seconds = timed(run, args.seconds)
        report("forward", batch, tokens, seconds)

    embeddings = model.bert.embeddings.word_embeddings
    for batch, tokens in BACKWARD_CASES:
        x = ids(batch, tokens)
        mask = torch.ones_like(x)

        def run():
            inputs = embeddings(x).detach().requires_grad_(True)
            out = model(inputs_embeds=inputs, attention_mask=mask, output_attentions=True)
            # As Captum computes attributions: the gradient with respect to the inputs only, no weight
            # gradients (torch.autograd.grad, not .backward()), which is what AttriBench's pass computes.
            torch.autograd.grad(out.logits[:, 1].sum(), inputs)

        seconds = timed(run, args.seconds)
        report("forward_backward", batch, tokens, seconds)


def report(case, batch, tokens, seconds):
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"peer": "pytorch", "case": case, "batch": batch, "tokens": tokens,
                      "examples_per_second": batch / seconds, "peak_rss_mb": round(peak_mb, 1)}), flush=True)


if __name__ == "__main__":
    main()
