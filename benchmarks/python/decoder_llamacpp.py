"""llama.cpp peer (llama-cpp-python, same GGUF, same thread count) of the decoder throughput benchmark:
prompt processing of 256 tokens without attention outputs, and generation, in tokens/s.
Prints JSON lines like the Swift side.
Usage: PY=$(bash scripts/reference-venv.sh --llama-cpp); "$PY" benchmarks/python/decoder_llamacpp.py FILE.gguf [--threads 2]
"""
import argparse
import json
import random
import resource
import time

from llama_cpp import Llama


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
    print(json.dumps({"peer": "llama.cpp", "case": case, **values}), flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("gguf")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    llm = Llama(model_path=args.gguf, n_threads=args.threads, n_threads_batch=args.threads, n_ctx=1024, n_batch=512,
                verbose=False)
    rng = random.Random(0)
    prompt = [rng.randrange(100, 40000) for _ in range(256)]

    def process():
        llm.reset()
        llm.eval(prompt)

    seconds = per_call(process)
    report("prompt_without_attentions", tokens=256, tokens_per_second=256 / seconds)

    def generate():
        llm.reset()
        llm.eval(prompt[:32])
        for _ in range(32):
            token = llm.sample(top_k=1, temp=0.0)
            llm.eval([token])

    seconds = per_call(generate, 4.0)
    report("generation", prompt_tokens=32, new_tokens=32, tokens_per_second=32 / seconds)


if __name__ == "__main__":
    main()
