#!/usr/bin/env python3
"""tiktoken's side of the tokenizer benchmark: the same corpus as `llmbench-bench tokenizer`, one thread.

    /tmp/tokvenv/bin/python Benchmarks/tokenizer-tiktoken.py

Corpus: the fixture texts 16 times, then every line of datasets/{qa,summarization,translation}.jsonl,
repeated until >= 8 MB (see Benchmarks/llmbench-bench/TokenizerCorpus.swift); each line encoded on its own
with encode_ordinary; best of 3 passes (wall and this thread's CPU time). Load = tiktoken reading, checking and parsing the shipped ranks file.
"""
import hashlib
import importlib.util
import json
import os
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
spec = importlib.util.spec_from_file_location("fixtures", os.path.join(ROOT, "scripts", "tokenizer-fixtures.py"))
fixtures = importlib.util.module_from_spec(spec)
spec.loader.exec_module(fixtures)


def corpus():
    with open(os.path.join(ROOT, "Tests", "TokenizerTests", "Fixtures", "texts.json"), encoding="utf-8") as f:
        texts = [t["text"] for t in json.load(f)]
    rnd = texts * 16
    for name in ("qa.jsonl", "summarization.jsonl", "translation.jsonl"):
        with open(os.path.join(ROOT, "datasets", name), "rb") as f:
            rnd += [l.decode("utf-8", "replace") for l in f.read().split(b"\n") if l]
    round_bytes = sum(len(l.encode()) for l in rnd)
    lines, total = [], 0
    while total < 8_000_000:
        lines += rnd
        total += round_bytes
    return lines, total


def main():
    import tiktoken
    lines, total = corpus()
    digest = hashlib.sha256("\n".join(lines).encode()).hexdigest()
    print(f"tiktoken {tiktoken.__version__}; corpus sha256 {digest[:16]}…: {len(lines)} lines, {total} bytes")
    print("| encoding | load ms | tokens | best pass ms | MB/s | best pass CPU ms | MB per CPU-s |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name in ("o200k_base", "cl100k_base"):
        start = time.perf_counter_ns()
        enc = fixtures.encoding(name)
        enc.encode_ordinary("warm up")
        load_ms = (time.perf_counter_ns() - start) / 1e6
        best, best_cpu, tokens = None, None, 0
        for _ in range(3):
            start, cpu_start = time.perf_counter_ns(), time.thread_time_ns()
            tokens = sum(len(enc.encode_ordinary(l)) for l in lines)
            elapsed, cpu = time.perf_counter_ns() - start, time.thread_time_ns() - cpu_start
            best = elapsed if best is None else min(best, elapsed)
            best_cpu = cpu if best_cpu is None else min(best_cpu, cpu)
        print(f"| {name} | {load_ms:.1f} | {tokens} | {best / 1e6:.0f} | {total / (best / 1e9) / 1e6:.1f} "
              f"| {best_cpu / 1e6:.0f} | {total / (best_cpu / 1e9) / 1e6:.1f} |")


if __name__ == "__main__":
    main()
