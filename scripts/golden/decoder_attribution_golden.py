"""Golden attributions of the attention explainers on the real decoder (SmolLM2-135M-Instruct GGUF, loaded
by HF transformers, dequantised to float32, eager attention), for context attribution: the target is
log p(response | prompt), the sum of the response tokens' next-token log-probabilities.

- grad-attention: Chefer et al.'s `avg_heads` / `apply_self_attention_rules` on the attention probabilities
  and their gradients (retain_grad on `output_attentions`), read off as the mean of R's rows at the
  positions whose logits predict the response.
- attention-x-grad-norm: Kobayashi et al.'s α f(x) written out from `v_proj` and `o_proj` (grouped-query
  heads), projected on the gradient of the attention output, |·| summed over queries, last layer.
- attention-flow: Abnar & Zuidema's residual-augmented graph, networkx max flow from a super-source feeding
  the response tokens at the top (one unit each) to a super-sink joining each source's input tokens.

Writes Tests/ExplainersAttentionTests/Golden/attention_decoder_golden.json.

Usage: PY=$(bash scripts/reference-venv.sh) && "$PY" scripts/golden/decoder_attribution_golden.py [FILE.gguf]
"""
import json
import os
import sys

import networkx as nx
import numpy as np
import torch
from transformers import AutoModelForCausalLM, AutoTokenizer

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "Tests", "ExplainersAttentionTests", "Golden", "attention_decoder_golden.json")
GGUF = sys.argv[1] if len(sys.argv) > 1 else os.path.expanduser(os.path.join(
    os.environ.get("ATTRIBENCH_HOME", "~/.cache/attribench"), "models", "SmolLM2-135M-Instruct",
    "SmolLM2-135M-Instruct.Q4_1.gguf"))

CASES = [
    (["The tower is in Paris. ", "It was finished in 1889. ", "Cats sleep a lot."], "When was it finished?", " In 1889."),
    (["Water boils at 100 degrees. ", "Ice melts at 0 degrees."], "When does ice melt?", " At 0 degrees."),
]


def rounded(values, digits=8):
    return [float(f"{v:.{digits}g}") for v in np.asarray(values, dtype=np.float64).reshape(-1).tolist()]


def chefer(attentions, gradients):
    t = attentions[0].shape[-1]
    r = torch.eye(t, dtype=torch.float64)
    for cam, grad in zip(attentions, gradients):
        r = r + torch.matmul((grad * cam).clamp(min=0).mean(dim=0).double(), r)
    return r


def source_flows(attentions, outputs, owners, sources):
    """attentions (L,H,T,T) numpy; owners: the source of each token or None."""
    mean = attentions.mean(axis=1) + np.eye(attentions.shape[-1])[None]
    aug = mean / mean.sum(axis=-1)[..., None]
    layers, t, _ = aug.shape
    graph = nx.DiGraph()
    for i in range(1, layers + 1):
        for a, b in zip(*np.nonzero(aug[i - 1])):
            graph.add_edge((i, int(a)), (i - 1, int(b)), capacity=float(aug[i - 1][a, b]))
    for r in outputs:
        graph.add_edge("source", (layers, r), capacity=1.0)
    flows = []
    for s in range(sources):
        g = graph.copy()
        for token, owner in enumerate(owners):
            if owner == s:
                g.add_edge((0, token), "sink", capacity=float(len(outputs)))
        flows.append(nx.maximum_flow_value(g, "source", "sink"))
    flows = np.array(flows)
    return flows / flows.sum()


def main():
    torch.manual_seed(0)
    torch.set_num_threads(2)
    folder, name = os.path.split(GGUF)
    tok = AutoTokenizer.from_pretrained(folder, gguf_file=name)
    model = AutoModelForCausalLM.from_pretrained(folder, gguf_file=name, torch_dtype=torch.float32, attn_implementation="eager")
    model.eval()
    config = model.config
    heads, kv_heads = config.num_attention_heads, config.num_key_value_heads
    cases = []
    for sources, question, response in CASES:
        placeholder = "\u0001SOURCES\u0001"
        rendered = tok.apply_chat_template([{"role": "user", "content": f"Context:\n{placeholder}\n\nQuestion: {question}"}],
                                           tokenize=False, add_generation_prompt=True)
        before, after = rendered.split(placeholder)
        encode = lambda text: tok(text, add_special_tokens=False)["input_ids"]
        prefix, suffix, response_ids = encode(before), encode(after), encode(response)
        source_ids = [encode(s) for s in sources]
        prompt = prefix + [i for s in source_ids for i in s] + suffix
        ids = prompt + response_ids
        owners = [None] * len(prefix) + [k for k, s in enumerate(source_ids) for _ in s] + [None] * (len(suffix) + len(response_ids))
        positions = list(range(len(prompt) - 1, len(ids) - 1))

        values, outputs, hooks = [], [], []
        for layer in model.model.layers:
            hooks.append(layer.self_attn.v_proj.register_forward_hook(lambda m, i, o: values.append(o)))

            def keep(module, inputs, output):
                output.retain_grad()
                outputs.append(output)
            hooks.append(layer.self_attn.o_proj.register_forward_hook(keep))
        out = model(torch.tensor([ids]), output_attentions=True)
        for hook in hooks:
            hook.remove()
        for a in out.attentions:
            a.retain_grad()
        logprobs = torch.log_softmax(out.logits[0], dim=-1)
        value = sum(logprobs[p, ids[p + 1]] for p in positions)
        value.backward()

        attentions = [a[0].detach() for a in out.attentions]
        gradients = [a.grad[0] for a in out.attentions]
        relevance = chefer(attentions, gradients)
        grad_attention = relevance[positions].mean(dim=0)

        last = len(attentions) - 1
        alpha = attentions[last].double()                                       # (H,T,T)
        t = alpha.shape[-1]
        d = config.hidden_size // heads
        v = values[last][0].detach().double().reshape(t, kv_heads, d)
        w_o = model.model.layers[last].self_attn.o_proj.weight.detach().double()  # (C, H·D)
        group = heads // kv_heads
        f = torch.stack([v[:, h // group] @ w_o[:, h * d:(h + 1) * d].T for h in range(heads)])   # (H,T,C)
        weighted = torch.einsum("hij,hjc->ijc", alpha, f)
        g = outputs[last].grad[0].double()
        kobayashi = torch.einsum("ic,ijc->ij", g, weighted).abs().sum(0)

        flows = source_flows(np.stack([a.double().numpy() for a in attentions]), list(range(len(prompt), len(ids))),
                             owners, len(sources))
        cases.append({
            "sources": sources, "question": question, "response": response,
            "prefix": prefix, "source_ids": source_ids, "suffix": suffix, "response_ids": response_ids,
            "log_probability": float(value), "grad_attention": rounded(grad_attention),
            "attention_x_grad_norm_last": rounded(kobayashi), "attention_flow_sources": rounded(flows),
        })
        print(f"{question!r}: T={len(ids)}, log p = {float(value):.4f}", file=sys.stderr)
    with open(OUT, "w") as f:
        json.dump({"generator": "scripts/golden/decoder_attribution_golden.py", "torch": torch.__version__,
                   "networkx": nx.__version__, "model": name, "cases": cases}, f)
    print("wrote", os.path.normpath(OUT), file=sys.stderr)


if __name__ == "__main__":
    main()
