"""Golden values for the llama decoder (SmolLM2-135M-Instruct GGUF), from HF transformers loading the
same GGUF (dequantised to float32, eager attention).

Usage: PY=$(bash scripts/reference-venv.sh) && "$PY" scripts/golden/decoder_golden.py [FILE.gguf] [--forward]
Writes Tests/TransformerCoreTests/Golden/decoder_tokenizer_golden.json (and, with --forward,
decoder_forward_golden.json).
"""
import json
import os
import sys

import torch
from transformers import AutoModelForCausalLM, AutoTokenizer

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_DIR = os.path.join(HERE, "..", "..", "Tests", "TransformerCoreTests", "Golden")
args = [a for a in sys.argv[1:] if not a.startswith("--")]
GGUF = args[0] if args else os.path.expanduser(os.path.join(
    os.environ.get("ATTRIBENCH_HOME", "~/.cache/attribench"), "models", "SmolLM2-135M-Instruct",
    "SmolLM2-135M-Instruct.Q4_1.gguf"))

TEXTS = [
    "Hello, world!",
    " leading space and  two spaces",
    "Numbers 1234567 and 3.14159, 2nd place",
    "Émoji 😀👍🏽 and ünïcödé ß 東京",
    "line one\nline two\n\n\ttabbed\r\n",
    "def f(x):\n    return x ** 2  # square\n",
    "It's, we're, they'll, I'd, you've, I'm, ISN'T",
    "<|im_start|>user\nHi<|im_end|>\n",
    "   ",
    "a  \n  b",
    "$$$ !!! ???... -- --> <= >=",
    "",
]
CHATS = [
    [{"role": "user", "content": "What is the capital of France?"}],
    [{"role": "system", "content": "Answer briefly."}, {"role": "user", "content": "Who wrote Hamlet?"}],
]


def main():
    folder, name = os.path.split(GGUF)
    tok = AutoTokenizer.from_pretrained(folder, gguf_file=name)
    cases = []
    for text in TEXTS:
        ids = tok(text, add_special_tokens=False)["input_ids"]
        cases.append({"text": text, "ids": ids, "decoded": tok.decode(ids)})
    chats = []
    for messages in CHATS:
        rendered = tok.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
        ids = tok.apply_chat_template(messages, tokenize=True, add_generation_prompt=True)
        if isinstance(ids, dict) or hasattr(ids, "keys"):
            ids = ids["input_ids"]
        chats.append({"messages": messages, "text": rendered, "ids": list(ids)})
    with open(os.path.join(OUT_DIR, "decoder_tokenizer_golden.json"), "w") as f:
        json.dump({"generator": "scripts/golden/decoder_golden.py", "texts": cases, "chats": chats}, f, ensure_ascii=False)
    print("wrote tokenizer golden")
    if "--forward" not in sys.argv:
        return
    torch.manual_seed(0)
    torch.set_num_threads(2)
    model = AutoModelForCausalLM.from_pretrained(folder, gguf_file=name, torch_dtype=torch.float32,
                                                 attn_implementation="eager")
    model.eval()
    prompts = [chats[0]["ids"], tok("The quick brown fox jumps over the lazy dog because", add_special_tokens=False)["input_ids"]]
    forward = []
    with torch.no_grad():
        for ids in prompts:
            out = model(torch.tensor([ids]), output_attentions=True)
            logprobs = torch.log_softmax(out.logits[0].float(), dim=-1)
            next_lp = [float(logprobs[t, ids[t + 1]]) for t in range(len(ids) - 1)]
            top = torch.topk(logprobs, 10, dim=-1)
            forward.append({
                "ids": ids, "next_token_logprobs": next_lp,
                "top10_ids": top.indices.tolist(), "top10_logprobs": [[round(v, 6) for v in row] for row in top.values.tolist()],
                "first_layer_attentions": [round(v, 7) for v in out.attentions[0][0].reshape(-1).tolist()],
                "last_layer_attentions": [round(v, 7) for v in out.attentions[-1][0].reshape(-1).tolist()],
            })
        generated = model.generate(torch.tensor([chats[0]["ids"]]), max_new_tokens=12, do_sample=False)
    continuation = generated[0][len(chats[0]["ids"]):].tolist()
    with open(os.path.join(OUT_DIR, "decoder_forward_golden.json"), "w") as f:
        json.dump({"generator": "scripts/golden/decoder_golden.py", "torch": torch.__version__, "forward": forward,
                   "greedy": {"prompt_ids": chats[0]["ids"], "continuation_ids": continuation,
                              "text": tok.decode(continuation)}}, f)
    print("wrote forward golden; continuation:", repr(tok.decode(continuation)))


if __name__ == "__main__":
    main()
