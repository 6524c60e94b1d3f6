"""HF transformers peer of the decoder throughput benchmark (SmolLM2 GGUF dequantised to float32,
eager attention). Prints JSON lines like benchmarks' Swift side:
  prompt processing of a 256-token prompt with attentions (tokens/s), generation (tokens/s),
  ablation: 64 masks over a 200-token context split into 10 sources, 20-token response (masks/s).
Usage: PY=$(bash scripts/reference-venv.sh); "$PY" benchmarks/python/decoder_torch.py FILE.gguf [--threads 2]
"""
import argparse
import json
import os
import resource
import time

import torch
from transformers import AutoModelForCausalLM


def per_call(fn, seconds=2.0):
    fn()
    calls, start = 0, time.perf_counter()
    while True:
        fn()
        calls += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds and calls >= 3:
            return elapsed / calls


def report(case, **values):
    values["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps({"peer": "hf-transformers", "case": case, **values}), flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("gguf")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    folder, name = os.path.split(args.gguf)
    model = AutoModelForCausalLM.from_pretrained(folder, gguf_file=name, torch_dtype=torch.float32, attn_implementation="eager")
    model.eval()
    g = torch.Generator().manual_seed(0)
    prompt = torch.randint(100, 40000, (1, 256), generator=g)
    with torch.inference_mode():
        seconds = per_call(lambda: model(prompt, output_attentions=True))
        report("prompt_with_attentions", tokens=256, tokens_per_second=256 / seconds)
        seconds = per_call(lambda: model(prompt))
        report("prompt_without_attentions", tokens=256, tokens_per_second=256 / seconds)
        short = prompt[:, :32]
        seconds = per_call(lambda: model.generate(short, max_new_tokens=32, min_new_tokens=32, do_sample=False), 4.0)
        report("generation", prompt_tokens=32, new_tokens=32, tokens_per_second=32 / seconds)
        context = torch.randint(100, 40000, (200,), generator=g)
        response = torch.randint(100, 40000, (20,), generator=g)
        sources = context.reshape(10, 20)
        masks = torch.rand((64, 10), generator=g) < 0.5

        def ablate():
            for mask in masks:
                ids = torch.cat([sources[mask].reshape(-1), response])[None]
                logits = model(ids).logits[0, -21:-1]
                torch.log_softmax(logits, -1).gather(1, response[:, None]).sum()

        seconds = per_call(ablate, 4.0)
        report("ablation", masks=64, context_tokens=200, response_tokens=20, masks_per_second=64 / seconds)


if __name__ == "__main__":
    main()
