#!/usr/bin/env python3
"""Writes the tiny seed corpus of the libFuzzer targets (fuzz/corpus/<target>/), stdlib only.

Every seed is a small valid input (a few hundred bytes), so the fuzzers start deep inside each parser.
Run from the repository root: python3 scripts/fuzz-corpus.py
"""
import gzip
import io
import json
import os
import struct
import tarfile

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fuzz", "corpus")


def write(target, name, data):
    folder = os.path.join(ROOT, target)
    os.makedirs(folder, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


# MARK: - safetensors

def safetensors(tensors, metadata=None):
    header, blobs, offset = {}, [], 0
    for name, (dtype, shape, raw) in tensors.items():
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    if metadata is not None:
        header["__metadata__"] = metadata
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + b"".join(blobs)


write("FuzzSafetensors", "f32-f16", safetensors({
    "embeddings.weight": ("F32", [2, 3], struct.pack("<6f", 0.5, -1, 2, 3.25, 0, 1e-3)),
    "bias": ("F16", [2], struct.pack("<2e", 1.5, -2.0)),
}, {"format": "pt"}))
write("FuzzSafetensors", "bf16-i64", safetensors({
    "a": ("BF16", [1, 2], b"\x80\x3f\x00\x40"),
    "ids": ("I64", [2], struct.pack("<2q", 7, -1)),
}))
write("FuzzSafetensors", "scalar", safetensors({"s": ("F32", [], struct.pack("<f", 4.0))}))

# MARK: - GGUF (v3, little-endian)

U32, I32, F32, BOOL, STRING, ARRAY, U64 = 4, 5, 6, 7, 8, 9, 10


def gstr(s):
    b = s.encode()
    return struct.pack("<Q", len(b)) + b


def gvalue(kind, value):
    if kind == U32:
        return struct.pack("<I", value)
    if kind == I32:
        return struct.pack("<i", value)
    if kind == F32:
        return struct.pack("<f", value)
    if kind == BOOL:
        return struct.pack("<B", value)
    if kind == STRING:
        return gstr(value)
    if kind == U64:
        return struct.pack("<Q", value)
    raise ValueError(kind)


def gguf(metadata, tensors, alignment=32):
    out = struct.pack("<IIQQ", 0x46554747, 3, len(tensors), len(metadata))
    for key, kind, value in metadata:
        out += gstr(key) + struct.pack("<I", kind)
        if kind == ARRAY:
            element, items = value
            out += struct.pack("<IQ", element, len(items)) + b"".join(gvalue(element, v) for v in items)
        else:
            out += gvalue(kind, value)
    data, offsets = b"", []
    for name, ggml_type, dims, raw in tensors:
        data += b"\0" * (-len(data) % alignment)
        offsets.append(len(data))
        data += raw
    for (name, ggml_type, dims, raw), offset in zip(tensors, offsets):
        out += gstr(name) + struct.pack("<I", len(dims)) + b"".join(struct.pack("<Q", d) for d in dims)
        out += struct.pack("<IQ", ggml_type, offset)
    out += b"\0" * (-len(out) % alignment)
    return out + data


tokens = ["<|endoftext|>", "H", "e", "l", "o", "Ġ", "w", "r", "d", "He", "ll", "Ġw", "<|im_start|>"]
merges = ["H e", "l l", "Ġ w"]
token_types = [3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 3]
llama = [
    ("general.architecture", STRING, "llama"),
    ("llama.block_count", U32, 1),
    ("llama.embedding_length", U32, 8),
    ("llama.feed_forward_length", U32, 16),
    ("llama.attention.head_count", U32, 2),
    ("llama.attention.head_count_kv", U32, 1),
    ("llama.rope.freq_base", F32, 10000.0),
    ("llama.attention.layer_norm_rms_epsilon", F32, 1e-5),
    ("llama.context_length", U32, 64),
    ("tokenizer.ggml.model", STRING, "gpt2"),
    ("tokenizer.ggml.pre", STRING, "smollm"),
    ("tokenizer.ggml.tokens", ARRAY, (STRING, tokens)),
    ("tokenizer.ggml.merges", ARRAY, (STRING, merges)),
    ("tokenizer.ggml.token_type", ARRAY, (I32, token_types)),
    ("tokenizer.ggml.bos_token_id", U32, 0),
    ("tokenizer.ggml.eos_token_id", U32, 0),
]
q8_0 = struct.pack("<e", 0.5) + bytes(range(32))  # one block of 32
q4_1 = struct.pack("<ee", 0.25, -1.0) + bytes(range(16))  # one block of 32
f16 = struct.pack("<4e", 1, 2, 3, 4)
write("FuzzGGUF", "llama-tokenizer", gguf(llama, [
    ("token_embd.weight", 8, [32, 1], q8_0),
    ("blk.0.ffn_up.weight", 3, [32], q4_1),
    ("output_norm.weight", 0, [4], struct.pack("<4f", 1, 1, 1, 1)),
    ("blk.0.attn_norm.weight", 1, [4], f16),
]))
write("FuzzGGUF", "metadata-only", gguf([("general.alignment", U32, 16), ("general.name", STRING, "x")] + llama[9:], []))

# MARK: - texts, JSON

for i, text in enumerate(["Hello, world!", "The café's naïve résumé — 東京 🙂",
                          "un ##affable [CLS] [MASK] " + "a" * 120, "\t\r\n  \u00a0\u200b\u0301x"]):
    write("FuzzWordPiece", f"text-{i}", text)

for i, doc in enumerate(['{"a": [1, 2.5e3, -0, true, null, "\\u00e9\\ud83d\\ude42"], "b": {"c": []}}',
                         '[[[[["deep"]]]]]', '"just a string"', '{"n": 18446744073709551616, "m": -1e309}']):
    write("FuzzJSON", f"doc-{i}", doc)

# MARK: - datasets

sst2 = {"tokens": ["a", "lovely", "film", "."], "label": 1, "fine_label": 3,
        "rationale_soft": [0.0, 1.0, 0.5, 0.0], "rationale": [0, 1, 1, 0]}
hatexplain = {"id": "p1", "split": "train", "label": "toxic", "tokens": ["you", "are", "bad"], "rationale": [0, 0, 1]}
write("FuzzRationaleJSONL", "sst2", json.dumps(sst2) + "\n" + json.dumps(dict(sst2, label=0)) + "\n")
write("FuzzRationaleJSONL", "hatexplain", json.dumps(hatexplain) + "\n"
      + json.dumps(dict(hatexplain, id="p2", split="val", label="non-toxic", rationale=[0, 0, 0])) + "\n")

write("FuzzTSV", "cola", "the cat sat .\t1\ncat the sat .\t0\n")
write("FuzzTSV", "header", "sentence\tlabel\nthey left .\t1\r\n")

document = "the movie was great .\nI loved it ."
annotation = {"annotation_id": "d", "classification": "POS", "query": "", "docids": None,
              "evidences": [[{"docid": "d", "start_token": 3, "end_token": 4, "start_sentence": 0,
                              "end_sentence": 1, "text": "great"}]]}
write("FuzzEraser", "folder", json.dumps(annotation) + "\n\0" + document)
archive = io.BytesIO()
with tarfile.open(fileobj=archive, mode="w", format=tarfile.USTAR_FORMAT) as tar:
    for name, content in [("movies/train.jsonl", json.dumps(annotation) + "\n"), ("movies/docs/d", document)]:
        info = tarfile.TarInfo(name)
        info.size = len(content.encode())
        info.mtime = 0
        tar.addfile(info, io.BytesIO(content.encode()))
write("FuzzEraser", "archive.tar.gz", gzip.compress(archive.getvalue(), mtime=0))

squad = {"version": "1.1", "data": [{"title": "T", "paragraphs": [{
    "context": "Paris is the capital of France.",
    "qas": [{"id": "q1", "question": "What is the capital of France?",
             "answers": [{"text": "Paris", "answer_start": 0}]}]}]}]}
write("FuzzSquad", "xquad", json.dumps(squad))

# MARK: - suites

suites = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Sources", "BenchRunner", "Suites")
for name in sorted(os.listdir(suites)):
    with open(os.path.join(suites, name), "rb") as f:
        write("FuzzSuite", name.removesuffix(".json"), f.read())
