"""Golden values for the GGUF reader, from the `gguf` Python package (llama.cpp's own reader).

- the real SmolLM2 GGUF: metadata values, tensor infos, and the dequantised values of chosen tensors
  (Q8_0 embedding rows, Q4_1 weight rows, F32 norms) as float32 bit patterns (bit-exact comparison);
- synthetic blocks of every supported type (F16, BF16, Q4_0, Q4_1, Q8_0, Q4_K, Q5_K, Q6_K): raw bytes
  and gguf.quants.dequantize's float32 bit patterns.

Usage: PY=$(bash scripts/reference-venv.sh) && "$PY" scripts/golden/gguf_golden.py [FILE.gguf]
Writes Tests/TransformerCoreTests/Golden/gguf_golden.json.
"""
import json
import os
import sys

import numpy as np
import gguf
from gguf import GGMLQuantizationType as T
from gguf.quants import dequantize, quantize

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "Tests", "TransformerCoreTests", "Golden", "gguf_golden.json")
MODEL = sys.argv[1] if len(sys.argv) > 1 else os.path.expanduser(os.path.join(
    os.environ.get("ATTRIBENCH_HOME", "~/.cache/attribench"), "models", "SmolLM2-135M-Instruct",
    "SmolLM2-135M-Instruct.Q4_1.gguf"))


def bits(values):
    return np.asarray(values, dtype=np.float32).reshape(-1).view(np.uint32).tolist()


def real_file():
    r = gguf.GGUFReader(MODEL)
    meta = {}
    for key in ["general.architecture", "llama.block_count", "llama.embedding_length", "llama.attention.head_count",
                "llama.attention.head_count_kv", "llama.rope.freq_base", "llama.attention.layer_norm_rms_epsilon",
                "tokenizer.ggml.model", "tokenizer.ggml.pre", "tokenizer.ggml.bos_token_id"]:
        field = r.fields[key]
        value = field.contents()
        meta[key] = value
    tokens = r.fields["tokenizer.ggml.tokens"].contents()
    tensors = []
    for t in r.tensors:
        tensors.append({"name": t.name, "type": t.tensor_type.name, "dims": [int(d) for d in t.shape],
                        "bytes": int(t.n_bytes)})
    chosen = {}
    for name, rows in [("token_embd.weight", [0, 1, 49151]), ("blk.0.attn_q.weight", [0, 7]),
                       ("blk.29.ffn_down.weight", [575]), ("blk.0.attn_norm.weight", None), ("output_norm.weight", None)]:
        t = next(x for x in r.tensors if x.name == name)
        values = dequantize(t.data, t.tensor_type).reshape(-1, int(t.shape[0]))
        picked = values if rows is None else values[rows]
        chosen[name] = {"rows": rows, "bits": bits(picked)}
    return {"metadata": meta, "tensor_count": len(r.tensors), "key_count": len(r.fields) - 3,
            "first_tokens": tokens[:5], "last_token": tokens[-1], "token_count": len(tokens),
            "merge_count": len(r.fields["tokenizer.ggml.merges"].contents()),
            "tensors": tensors, "dequantized": chosen, "alignment": r.alignment, "data_offset": r.data_offset}


def synthetic():
    rng = np.random.default_rng(7)
    cases = []
    x = (rng.standard_normal((4, 256)) * 0.7).astype(np.float32)
    for qtype in [T.F16, T.BF16, T.Q4_0, T.Q4_1, T.Q8_0]:
        raw = quantize(x, qtype)
        cases.append({"type": qtype.name, "bytes": np.ascontiguousarray(raw).view(np.uint8).reshape(-1).tolist(),
                      "bits": bits(dequantize(raw, qtype))})
    for qtype, block_bytes, scale_offsets in [(T.Q4_K, 144, [0, 2]), (T.Q5_K, 176, [0, 2]), (T.Q6_K, 210, [208])]:
        raw = rng.integers(0, 256, (3, block_bytes), dtype=np.uint8)
        for offset in scale_offsets:  # keep the f16 super-block scales finite and moderate
            raw[:, offset:offset + 2] = np.frombuffer(np.float16(rng.uniform(-0.05, 0.05, 3)).tobytes(), np.uint8).reshape(3, 2)
        cases.append({"type": qtype.name, "bytes": raw.reshape(-1).tolist(),
                      "bits": bits(dequantize(raw.reshape(-1), qtype))})
    return cases


def main():
    golden = {"generator": "scripts/golden/gguf_golden.py", "gguf": gguf.__version__ if hasattr(gguf, "__version__") else "0.19.0",
              "real": real_file(), "synthetic": synthetic()}
    with open(OUT, "w") as f:
        json.dump(golden, f)
    print("wrote", os.path.normpath(OUT), os.path.getsize(OUT), "bytes")


if __name__ == "__main__":
    main()
