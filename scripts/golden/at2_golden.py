"""Golden values for the ExplainersLearned target (AT2, ContextCite), from the reference implementations.

- lasso.json: ContextCite's surrogate, `context_cite.solver.LassoRegression.fit` written out below
  (StandardScaler + sklearn Lasso(alpha, random_state=0, fit_intercept=True), outputs divided by the
  response's token count, weights rescaled), in float64, on random masks (keep probability 1/2) and
  outputs that are a sparse linear function of the masks plus noise.
- at2_objective.json: AT2's `PearsonCorrelationLoss` (at2.attribution.trainer, written out below) on
  θ · features, and its gradient with respect to θ by torch autograd, in float64.

Usage: PY=$(bash scripts/reference-venv.sh) && "$PY" scripts/golden/at2_golden.py
Writes Tests/ExplainersLearnedTests/Golden/lasso.json and at2_objective.json.
"""
import json
import os

import numpy as np
import torch
from sklearn.linear_model import Lasso
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

rng = np.random.default_rng(20261202)
OUT = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "ExplainersLearnedTests", "Golden")


def context_cite_fit(masks, outputs, num_output_tokens, alpha):
    """context_cite.solver.LassoRegression.fit, in float64."""
    x = masks.astype(np.float64)
    y = outputs / num_output_tokens
    scaler = StandardScaler()
    lasso = Lasso(alpha=alpha, random_state=0, fit_intercept=True)
    make_pipeline(scaler, lasso).fit(x, y)
    weight = lasso.coef_ / scaler.scale_
    return weight * num_output_tokens


def pearson_loss(predictions, targets):
    """at2.attribution.trainer.PearsonCorrelationLoss (reduction "mean")."""
    pred_diff = predictions - predictions.mean(dim=1, keepdim=True)
    target_diff = targets - targets.mean(dim=1, keepdim=True)
    covariance = (pred_diff * target_diff).mean(dim=1)
    pred_std = torch.sqrt((pred_diff ** 2).mean(dim=1))
    target_std = torch.sqrt((target_diff ** 2).mean(dim=1))
    return (-(covariance / (pred_std * target_std + 1e-8))).mean()


def lasso_cases():
    cases = []
    for num_masks, num_sources, tokens, alpha in [(32, 6, 3, 0.01), (32, 12, 7, 0.01), (256, 20, 5, 0.01), (64, 9, 1, 0.05)]:
        masks = rng.random((num_masks, num_sources)) < 0.5
        truth = np.where(rng.random(num_sources) < 0.3, rng.normal(0, 3, num_sources), 0.0)
        outputs = -4 + masks @ truth + rng.normal(0, 0.3, num_masks)
        weights = context_cite_fit(masks, outputs, tokens, alpha)
        cases.append({"masks": masks.astype(int).tolist(), "outputs": outputs.tolist(), "tokens": tokens,
                      "alpha": alpha, "weights": weights.tolist()})
    return cases


def objective_cases():
    cases = []
    for batch, masks, features in [(1, 32, 8), (4, 32, 12), (2, 16, 30)]:
        x = rng.normal(0, 1, (batch, masks, features))
        y = rng.normal(0, 1, (batch, masks)) + x[:, :, 0] * 0.5
        theta = torch.tensor(rng.normal(0, 1, features), dtype=torch.float64, requires_grad=True)
        loss = pearson_loss(torch.tensor(x) @ theta, torch.tensor(y))
        loss.backward()
        cases.append({"features": x.tolist(), "outputs": y.tolist(), "theta": theta.detach().tolist(),
                      "loss": loss.item(), "gradient": theta.grad.tolist()})
    return cases


os.makedirs(OUT, exist_ok=True)
with open(os.path.join(OUT, "lasso.json"), "w") as f:
    json.dump({"cases": lasso_cases()}, f)
with open(os.path.join(OUT, "at2_objective.json"), "w") as f:
    json.dump({"cases": objective_cases()}, f)
