"""The Python peer of benchmarks/Sources/AT2Throughput: AT2 as the reference implementation computes it
(at2.attribution.features.AttentionFeatureExtractor + LinearScoreEstimator; the trainer's ablations),
on HF transformers (the same GGUF in float32, eager attention), same shapes and JSON lines:
a 16-token prefix, a 200-token context in 10 sources, a 20-token response.
"""
import argparse
import json
import os
import time

import torch
from transformers import AutoModelForCausalLM


def per_call(fn, seconds=3.0):
    fn()
    calls, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds or calls < 3:
        fn()
        calls += 1
    return (time.perf_counter() - start) / calls


def report(case, **values):
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
    prefix = torch.randint(100, 40000, (16,), generator=g)
    sources = torch.randint(100, 40000, (10, 20), generator=g)
    response = torch.randint(100, 40000, (20,), generator=g)
    ids = torch.cat([prefix, sources.reshape(-1), response])[None]
    start = 16 + 200
    layers, heads = model.config.num_hidden_layers, model.config.num_attention_heads
    theta = torch.full((layers * heads,), 1.0 / (layers * heads))

    def forward():
        return model(ids, output_attentions=True).attentions

    def at2():
        weights = torch.stack(forward())[:, 0, :, start:, :]           # (L, H, R, T)
        features = weights.permute(2, 3, 0, 1).reshape(20, ids.shape[1], -1).mean(0)   # (T, F)
        per_source = torch.stack([features[16 + 20 * s:16 + 20 * (s + 1)].sum(0) for s in range(10)])
        return per_source @ theta

    masks = torch.rand((32, 10), generator=g) < 0.5

    def training_data():
        outputs = []
        for mask in masks:
            masked = torch.cat([prefix, sources[mask].reshape(-1), response])[None]
            logits = model(masked).logits[0, -21:-1]
            outputs.append(torch.log_softmax(logits, -1).gather(1, response[:, None]).sum())
        at2()
        return outputs

    with torch.inference_mode():
        seconds = per_call(forward)
        report("forward_with_attentions", seconds=seconds)
        inference = per_call(at2)
        report("at2_inference", seconds=inference, forward_over_inference=seconds / inference)
        generation = per_call(training_data, 6.0)
        report("training_data", masks=32, masks_per_second=32 / generation)


if __name__ == "__main__":
    main()
