"""Golden attributions for the attention and gradient explainers, on the golden classifier of
scripts/golden/encoder_golden.py (all-MiniLM-L6-v2 + the seeded head in
Tests/TransformerCoreTests/Golden/encoder_head.safetensors).

Gradient methods come from Captum (Saliency, InputXGradient, IntegratedGradients) on the word
embeddings (`inputs_embeds`), reduced over the hidden dimension as the Swift explainers do. The
attention rules are written out from the papers' public code: Abnar & Zuidema's
`compute_joint_attention` (rollout) and `get_adjmat` / `compute_flows` with networkx max-flow (flow),
Chefer et al.'s `avg_heads` / `apply_self_attention_rules` with hooks on the attention
probabilities (grad-attention), and Kobayashi et al.'s attention-weighted transformed vectors α f(x) from
the value and output projections, projected on the gradient of the attention output
(attention-x-grad-norm).

Writes Tests/ExplainersGradientTests/Golden/gradient_golden.json and
Tests/ExplainersAttentionTests/Golden/attention_golden.json.

Usage: PY=$(bash scripts/reference-venv.sh) && "$PY" scripts/golden/attribution_golden.py [MODEL_DIR]
"""
import json
import os
import sys

import networkx as nx
import numpy as np
import torch
from captum.attr import InputXGradient, IntegratedGradients, Saliency
from safetensors.torch import load_file
from transformers import AutoTokenizer, BertForSequenceClassification

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")
HEAD = os.path.join(ROOT, "Tests", "TransformerCoreTests", "Golden", "encoder_head.safetensors")
MODEL = sys.argv[1] if len(sys.argv) > 1 else os.path.expanduser(
    os.path.join(os.environ.get("ATTRIBENCH_HOME", "~/.cache/attribench"), "models", "all-MiniLM-L6-v2"))

# SST-2-style sentences (varied length, sub-word pieces, both classes of the seeded head).
SENTENCES = [
    "it 's a charming and often affecting journey .",
    "unflinchingly bleak and desperate",
    "the acting , costumes , music , cinematography and sound are all astounding given the production 's austere locales .",
    "a gorgeously strange movie , heaped with unexpected delights .",
    "the movie fails to live up to the sum of its parts .",
    "supercalifragilistic nonsense",
]


def rounded(values, digits=8):
    return [float(f"{v:.{digits}g}") for v in np.asarray(values, dtype=np.float64).reshape(-1).tolist()]


# MARK: - Abnar & Zuidema 2020 (github.com/samiraabnar/attention_flow, attention_graph_util.py)

def residual_attention(att_mat):
    """(L,H,T,T) → (L,T,T): heads averaged, identity added, rows renormalised."""
    res_att_mat = att_mat.sum(axis=1) / att_mat.shape[1]
    res_att_mat = res_att_mat + np.eye(res_att_mat.shape[1])[None, ...]
    return res_att_mat / res_att_mat.sum(axis=-1)[..., None]


def compute_joint_attention(aug_att_mat):
    joint_attentions = np.zeros(aug_att_mat.shape)
    layers = joint_attentions.shape[0]
    joint_attentions[0] = aug_att_mat[0]
    for i in np.arange(1, layers):
        joint_attentions[i] = aug_att_mat[i].dot(joint_attentions[i - 1])
    return joint_attentions


def get_adjmat(mat, length):
    n_layers = mat.shape[0]
    adj_mat = np.zeros(((n_layers + 1) * length, (n_layers + 1) * length))
    for i in np.arange(1, n_layers + 1):
        for k_f in np.arange(length):
            index_from = i * length + k_f
            for k_t in np.arange(length):
                adj_mat[index_from][(i - 1) * length + k_t] = mat[i - 1][k_f][k_t]
    return adj_mat


def attention_flow_cls(aug_att_mat):
    """Max flow from [CLS] at the last layer to every input token, normalised (compute_flows' row of [CLS])."""
    n_layers, length, _ = aug_att_mat.shape
    adj = get_adjmat(aug_att_mat, length)
    graph = nx.DiGraph()
    for u, v in zip(*np.nonzero(adj)):
        graph.add_edge(int(u), int(v), capacity=float(adj[u, v]))
    source = n_layers * length
    flows = np.array([nx.maximum_flow_value(graph, source, k, flow_func=nx.algorithms.flow.edmonds_karp)
                      for k in range(length)])
    return flows / flows.sum()


# MARK: - Chefer et al. 2021 (github.com/hila-chefer/Transformer-MM-Explainability)

def avg_heads(cam, grad):
    cam = cam.reshape(-1, cam.shape[-2], cam.shape[-1])
    grad = grad.reshape(-1, grad.shape[-2], grad.shape[-1])
    cam = grad * cam
    return cam.clamp(min=0).mean(dim=0)


def chefer_relevance(attentions, gradients):
    num_tokens = attentions[0].shape[-1]
    R = torch.eye(num_tokens, num_tokens, dtype=torch.float64)
    for cam, grad in zip(attentions, gradients):
        R = R + torch.matmul(avg_heads(cam, grad).double(), R)
    return R


# MARK: - Kobayashi et al. 2020 (github.com/gorokoba560/norm-analysis-of-transformer), measured by the gradient

def kobayashi_gradient_scores(model, embeddings, target, layers):
    """Per layer, Σ_i |⟨∂y/∂o_i, Σ_h α^h_ij f^h(x_j)⟩| and the signed sum, with f^h(x) = (x W_V^h + b_V^h) W_O^h
    written out from the value projections and the output projection (not from ∂y/∂α)."""
    values, outputs, hooks = [], [], []
    for layer in model.bert.encoder.layer:
        hooks.append(layer.attention.self.value.register_forward_hook(lambda m, i, o: values.append(o)))

        def keep(module, inputs, output):
            output.retain_grad()
            outputs.append(output)
        hooks.append(layer.attention.output.dense.register_forward_hook(keep))
    out = model(inputs_embeds=embeddings, output_attentions=True)
    for hook in hooks:
        hook.remove()
    out.logits[0, target].backward()
    heads = model.config.num_attention_heads
    result = {}
    for index in layers:
        alpha = out.attentions[index][0].detach().double()                   # (H,T,T)
        t, c = alpha.shape[-1], values[index].shape[-1]
        d = c // heads
        v = values[index][0].detach().double().reshape(t, heads, d)           # (T,H,D)
        w_o = model.bert.encoder.layer[index].attention.output.dense.weight.detach().double()   # (C, C_in)
        f = torch.stack([v[:, h] @ w_o[:, h * d:(h + 1) * d].T for h in range(heads)])     # (H,T,C)
        weighted = torch.einsum("hij,hjc->ijc", alpha, f)                      # Σ_h α^h_ij f^h(x_j)
        g = outputs[index].grad[0].double()                                    # (T,C) ∂y/∂o_i
        projected = torch.einsum("ic,ijc->ij", g, weighted)
        result[index] = (projected.abs().sum(0), projected.sum(0))
    return result


def main():
    torch.manual_seed(0)
    torch.set_num_threads(2)
    tok = AutoTokenizer.from_pretrained(MODEL)
    model = BertForSequenceClassification.from_pretrained(MODEL, num_labels=2, attn_implementation="eager")
    model.eval()
    head = load_file(HEAD)
    with torch.no_grad():
        model.classifier.weight.copy_(head["classifier.weight"])
        model.classifier.bias.copy_(head["classifier.bias"])
    embedding_table = model.bert.embeddings.word_embeddings.weight.detach()

    def forward(embeddings):
        return model(inputs_embeds=embeddings).logits

    gradient_cases, attention_cases = [], []
    for text in SENTENCES:
        enc = tok(text, return_tensors="pt")
        ids = enc["input_ids"]
        word_ids = enc.word_ids()
        embeddings = embedding_table[ids].clone()                  # (1,T,C)
        out = model(inputs_embeds=embeddings, output_attentions=True)
        target = int(out.logits[0].argmax())

        # Gradient family (Captum).
        saliency = Saliency(forward).attribute(embeddings.clone().requires_grad_(), target=target, abs=True)[0]
        gxi = InputXGradient(forward).attribute(embeddings.clone().requires_grad_(), target=target)[0].sum(-1)
        ig_cases = []
        for baseline_name, method, steps in [("pad", "gausslegendre", 50), ("mask", "riemann_trapezoid", 20),
                                             ("zero", "riemann_middle", 16)]:
            replacement = {"pad": embedding_table[tok.pad_token_id], "mask": embedding_table[tok.mask_token_id],
                           "zero": torch.zeros(embedding_table.shape[1])}[baseline_name]
            baseline = embeddings.clone()
            for position, word in enumerate(word_ids):
                if word is not None:
                    baseline[0, position] = replacement
            ig = IntegratedGradients(forward)
            attributions, delta = ig.attribute(embeddings, baselines=baseline, target=target, n_steps=steps,
                                               method=method, return_convergence_delta=True)
            with torch.no_grad():
                difference = float(forward(embeddings)[0, target] - forward(baseline)[0, target])
            ig_cases.append({"baseline": baseline_name, "method": method.replace("gausslegendre", "gauss-legendre").replace("_", "-"),
                             "steps": steps, "token_scores": rounded(attributions[0].sum(-1).detach()),
                             "convergence_delta": float(delta[0]), "target_difference": difference})
        gradient_cases.append({
            "text": text, "ids": ids[0].tolist(), "target": target, "logits": rounded(out.logits[0].detach()),
            "saliency_l2": rounded(saliency.norm(dim=-1)), "saliency_abs_sum": rounded(saliency.sum(-1)),
            "gradient_x_input": rounded(gxi.detach()), "integrated_gradients": ig_cases,
        })

        # Attention family.
        attentions = np.stack([a[0].detach().double().numpy() for a in out.attentions])   # (L,H,T,T)
        aug = residual_attention(attentions)
        rollout = compute_joint_attention(aug)[-1]
        flow = attention_flow_cls(aug)
        saved = []
        hooks = []

        def keep(module, inputs, output):
            output[1].retain_grad()
            saved.append(output[1])

        for layer in model.bert.encoder.layer:
            hooks.append(layer.attention.self.register_forward_hook(keep))
        grad_out = model(inputs_embeds=embeddings, output_attentions=True)
        for hook in hooks:
            hook.remove()
        grad_out.logits[0, target].backward()
        relevance = chefer_relevance([a[0].detach() for a in saved], [a.grad[0] for a in saved])
        n_layers = model.config.num_hidden_layers
        kobayashi = kobayashi_gradient_scores(model, embeddings, target, [n_layers - 1, 2])
        attention_cases.append({
            "text": text, "ids": ids[0].tolist(), "target": target,
            "attention_x_grad_norm_last": rounded(kobayashi[n_layers - 1][0]),
            "attention_x_grad_norm_layer2": rounded(kobayashi[2][0]),
            "attention_x_grad_signed_layer2": rounded(kobayashi[2][1]),
            "raw_attention_last_mean_cls_row": rounded(attentions[-1].mean(axis=0)[0]),
            "rollout_cls_row": rounded(rollout[0]), "rollout_row_sums": rounded(rollout.sum(axis=-1)),
            "flow_cls": rounded(flow), "grad_attention_cls_row": rounded(relevance[0]),
        })
        print(f"{text[:40]!r}: target {target}, T={ids.shape[1]}", file=sys.stderr)

    meta = {"generator": "scripts/golden/attribution_golden.py", "torch": torch.__version__,
            "captum": __import__("captum").__version__, "networkx": nx.__version__, "model": "all-MiniLM-L6-v2",
            "head": "Tests/TransformerCoreTests/Golden/encoder_head.safetensors"}
    from captum.attr._utils.approximation_methods import approximation_parameters
    rules = []
    for method, steps in [("gausslegendre", 50), ("gausslegendre", 7), ("riemann_left", 5), ("riemann_right", 5),
                          ("riemann_middle", 5), ("riemann_trapezoid", 5)]:
        step_sizes, alphas = approximation_parameters(method)
        rules.append({"method": method.replace("gausslegendre", "gauss-legendre").replace("_", "-"), "steps": steps,
                      "alphas": [float(a) for a in alphas(steps)], "weights": [float(w) for w in step_sizes(steps)]})
    gradient_extra = {"integration_rules": rules}
    for folder, name, cases, extra in [("ExplainersGradientTests", "gradient_golden.json", gradient_cases, gradient_extra),
                                       ("ExplainersAttentionTests", "attention_golden.json", attention_cases, {})]:
        out_dir = os.path.join(ROOT, "Tests", folder, "Golden")
        os.makedirs(out_dir, exist_ok=True)
        with open(os.path.join(out_dir, name), "w") as f:
            json.dump(dict(meta, cases=cases, **extra), f)
        print("wrote", os.path.normpath(os.path.join(out_dir, name)), file=sys.stderr)


if __name__ == "__main__":
    main()
