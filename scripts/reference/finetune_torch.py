"""PyTorch peer of `attribench finetune`: the same base model, data, truncation, batch plan and
hyperparameters, trained with HF transformers' BertForSequenceClassification.

Same as the Swift trainer: AdamW (torch) with weight decay 0.01 on everything except biases and
LayerNorm weights, betas (0.9, 0.999), eps 1e-8; linear warm-up over ceil(10%) of the steps then
linear decay to 0; gradient-norm clipping at 1.0; dropout 0.1 (hidden and attention); mean
cross-entropy; WordPiece head truncation to --max-length; the length-bucketed batch plan of
Sources/Training/LengthBuckets.swift, drawn from the same SplitMix64 generator so both trainers see
the very same batches in the same order. Different by default: the head initialisation and the
dropout masks (torch's generator, seeded with --seed). With --attribench-rng those two are AttriBench's
too (scripts/swift_dropout.py: the head of BertParameterSet and the masks of FineTuner, bit for bit),
so the run makes every random choice `attribench finetune --seed S` makes and the two trainings differ
only by floating-point rounding.

Prints one JSON object: task, split, examples, accuracy, macro_f1, mcc, train_seconds,
examples_per_second. Usage:
  PY=$(bash scripts/reference-venv.sh)
  "$PY" scripts/reference/finetune_torch.py --task sst2 [--epochs 2 --lr 5e-5 --batch-size 32 --max-length 128]
      [--data ../shared/datasets] [--model ~/.cache/attribench/models/all-MiniLM-L6-v2] [--threads 2] [--max-steps N]
      [--attribench-rng]
"""
import argparse
import io
import json
import math
import os
import sys
import tarfile
import time

import torch
from sklearn.metrics import accuracy_score, f1_score, matthews_corrcoef
from transformers import AutoTokenizer, BertForSequenceClassification

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from seeded_random import SplitMix64  # noqa: E402
from swift_dropout import SwiftDropout, dropout_seed, head_weights  # noqa: E402

def shuffle(items, rng):
    for i in range(len(items) - 1, 0, -1):
        j = rng.next_int(i + 1)
        items[i], items[j] = items[j], items[i]


def plan(lengths, batch_size, seed, epoch, pool_batches=50):
    """Sources/Training/LengthBuckets.swift."""
    rng = SplitMix64(seed).fork(epoch)
    order = list(range(len(lengths)))
    shuffle(order, rng)
    pool = batch_size * pool_batches
    batches = []
    for start in range(0, len(order), pool):
        chunk = order[start:start + pool]
        ranked = sorted(enumerate(chunk), key=lambda p: (lengths[p[1]], p[0]))
        sorted_chunk = [i for _, i in ranked]
        batches += [sorted_chunk[i:i + batch_size] for i in range(0, len(sorted_chunk), batch_size)]
    shuffle(batches, rng)
    return batches


def words(text):
    return text.split()


def load(task, split, data):
    """(words, label) pairs as Sources/Datasets/TaskCatalog.swift defines the four tasks."""
    if task == "sst2":
        name = {"train": "sst2_train_rationales.jsonl", "dev": "sst2_dev_rationales.jsonl"}[split]
        rows = [json.loads(l) for l in open(os.path.join(data, "sst2", name)) if l.strip()]
        return [(r["tokens"], int(r["label"])) for r in rows]
    if task == "hatexplain":
        rows = [json.loads(l) for l in open(os.path.join(data, "hatexplain", "hatexplain_rationales.jsonl")) if l.strip()]
        return [(r["tokens"], ["non-toxic", "toxic"].index(r["label"])) for r in rows if r["split"] == split]
    if task == "cola":
        name = {"train": "train.tsv", "dev_out_of_domain": "dev_out_of_domain.tsv"}[split]
        out = []
        for line in open(os.path.join(data, "cola", name), encoding="utf-8"):
            line = line.rstrip("\n")
            if not line:
                continue
            sentence, label = line.split("\t")
            if words(sentence):
                out.append((words(sentence), int(label)))
        return out
    if task == "movies":
        with tarfile.open(os.path.join(data, "eraser_movies", "movies.tar.gz")) as tar:
            members = {m.name: m for m in tar.getmembers()}
            out = []
            for line in io.TextIOWrapper(tar.extractfile(members[f"movies/{split}.jsonl"]), encoding="utf-8"):
                if not line.strip():
                    continue
                r = json.loads(line)
                docids = r.get("docids") or sorted({e["docid"] for group in r["evidences"] for e in group}) or [r["annotation_id"]]
                text = tar.extractfile(members[f"movies/docs/{docids[0]}"]).read().decode("utf-8")
                out.append((words(text), ["NEG", "POS"].index(r["classification"])))
            return out
    raise SystemExit(f"unknown task {task}")


def encode(tokenizer, examples, max_length):
    rows = []
    for ws, _ in examples:
        ids = [tokenizer.cls_token_id]
        for w in ws:
            ids += tokenizer.encode(w, add_special_tokens=False)
        rows.append(ids[: max_length - 1] + [tokenizer.sep_token_id])  # [CLS] + first max_length-2 pieces + [SEP]
    return rows


def batch_tensors(rows, indices, pad_id):
    length = max(len(rows[i]) for i in indices)
    ids = torch.full((len(indices), length), pad_id, dtype=torch.long)
    mask = torch.zeros((len(indices), length), dtype=torch.long)
    for r, i in enumerate(indices):
        ids[r, : len(rows[i])] = torch.tensor(rows[i])
        mask[r, : len(rows[i])] = 1
    return ids, mask


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--task", required=True, choices=["sst2", "hatexplain", "movies", "cola"])
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--lr", type=float, default=5e-5)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--max-length", type=int)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--max-steps", type=int, default=0, help="stop after N steps (speed benchmark); 0 = all")
    parser.add_argument("--no-eval", action="store_true")
    parser.add_argument("--attribench-rng", action="store_true",
                        help="draw the head and every dropout mask as attribench finetune does for --seed")
    parser.add_argument("--data", default=os.environ.get("ATTRIBENCH_DATA", os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "datasets")))
    parser.add_argument("--model", default=os.path.expanduser(os.path.join(os.environ.get("ATTRIBENCH_HOME", "~/.cache/attribench"), "models", "all-MiniLM-L6-v2")))
    args = parser.parse_args()
    max_length = args.max_length or (256 if args.task == "movies" else 128)
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    eval_split = {"sst2": "dev", "hatexplain": "val", "movies": "val", "cola": "dev_out_of_domain"}[args.task]

    tokenizer = AutoTokenizer.from_pretrained(args.model)
    train = load(args.task, "train", args.data)
    rows = encode(tokenizer, train, max_length)
    labels = [label for _, label in train]
    model = BertForSequenceClassification.from_pretrained(args.model, num_labels=2, attn_implementation="eager")
    swift_dropout = None
    if args.attribench_rng:
        with torch.no_grad():
            model.classifier.weight.copy_(torch.from_numpy(head_weights(model.classifier.weight.numel(), args.seed))
                                          .view_as(model.classifier.weight))
            model.classifier.bias.zero_()
        swift_dropout = SwiftDropout(model.config.hidden_dropout_prob)
        assert model.config.attention_probs_dropout_prob == model.config.hidden_dropout_prob
        swift_dropout.__enter__()
    model.train()

    decay, no_decay = [], []
    for name, p in model.named_parameters():
        (no_decay if name.endswith(".bias") or "LayerNorm" in name else decay).append(p)
    optimizer = torch.optim.AdamW([{"params": decay, "weight_decay": 0.01}, {"params": no_decay, "weight_decay": 0.0}],
                                  lr=args.lr, betas=(0.9, 0.999), eps=1e-8)
    plans = [plan([len(r) for r in rows], args.batch_size, args.seed, e) for e in range(args.epochs)]
    total = sum(len(p) for p in plans)
    warmup = math.ceil(0.1 * total)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: s / max(1, warmup) if s < warmup else max(0.0, (total - s) / max(1, total - warmup)))

    cfg = model.config
    c, inner = cfg.hidden_size, cfg.intermediate_size

    def training_flops(b, t):  # GEMM FLOPs of forward + backward, as benchmarks/Sources/TrainingThroughput
        n = b * t
        return 3 * cfg.num_hidden_layers * (2 * n * c * 3 * c + 4 * n * t * c + 2 * n * c * c + 4 * n * c * inner)

    # With --max-steps the first step is a warm-up and is not timed (as the Swift benchmark).
    step, seen, flops, start = 0, 0, 0.0, time.perf_counter()
    for epoch_plan in plans:
        for indices in epoch_plan:
            if args.max_steps and step == 1:
                seen, flops, start = 0, 0.0, time.perf_counter()
            ids, mask = batch_tensors(rows, indices, tokenizer.pad_token_id)
            target = torch.tensor([labels[i] for i in indices])
            if swift_dropout:
                swift_dropout.start_pass(dropout_seed(args.seed, step))
            loss = model(input_ids=ids, attention_mask=mask, labels=target).loss
            if swift_dropout:
                assert swift_dropout.calls == 2 + 3 * cfg.num_hidden_layers, f"{swift_dropout.calls} dropout masks drawn"
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            optimizer.zero_grad(set_to_none=True)
            step += 1
            seen += len(indices)
            flops += training_flops(*ids.shape)
            if step % 20 == 0:
                print(f"step {step}/{total} loss {loss.item():.4f} {seen / (time.perf_counter() - start):.1f} ex/s",
                      file=sys.stderr, flush=True)
            if args.max_steps and step > args.max_steps:
                break
        if args.max_steps and step > args.max_steps:
            break
    seconds = time.perf_counter() - start
    if swift_dropout:
        swift_dropout.__exit__()
    import resource
    result = {"peer": "pytorch", "task": args.task, "steps": step - 1 if args.max_steps else step, "train_examples_seen": seen,
              "train_seconds": seconds, "examples_per_second": seen / seconds, "gflops": flops / seconds / 1e9,
              "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
              "max_length": max_length, "epochs": args.epochs, "lr": args.lr, "batch_size": args.batch_size,
              "seed": args.seed, "rng": "attribench" if args.attribench_rng else "torch"}
    if not args.no_eval:
        model.eval()
        evaluation = load(args.task, eval_split, args.data)
        eval_rows = encode(tokenizer, evaluation, max_length)
        predictions = []
        with torch.inference_mode():
            for s in range(0, len(eval_rows), 64):
                ids, mask = batch_tensors(eval_rows, list(range(s, min(len(eval_rows), s + 64))), tokenizer.pad_token_id)
                predictions += model(input_ids=ids, attention_mask=mask).logits.argmax(-1).tolist()
        gold = [label for _, label in evaluation]
        result.update({"split": eval_split, "examples": len(gold), "accuracy": accuracy_score(gold, predictions),
                       "macro_f1": f1_score(gold, predictions, average="macro"), "mcc": matthews_corrcoef(gold, predictions)})
    print(json.dumps(result))


if __name__ == "__main__":
    main()
