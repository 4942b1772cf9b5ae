#!/usr/bin/env python3
"""Writes the tokenizer known answers: tiktoken's encode_ordinary ids for each text we wrote ourselves.

Usage (tiktoken from PyPI, in a venv; it reads the same ranks files the Swift tokenizer ships, so
tiktoken never downloads anything):
    python3 -m venv /tmp/tokvenv && /tmp/tokvenv/bin/pip install tiktoken
    /tmp/tokvenv/bin/python scripts/tokenizer-fixtures.py

Reads  Tests/TokenizerTests/Fixtures/texts.json  ([{"name", "text"}])
Writes Tests/TokenizerTests/Fixtures/known-answers.json
The encodings' patterns come from tiktoken's own tiktoken_ext/openai_public.py.
"""
import json
import os
import sys

import tiktoken
from tiktoken.load import load_tiktoken_bpe
from tiktoken_ext import openai_public

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RANKS = os.path.join(ROOT, "datasets", "tokenizers")
FIXTURES = os.path.join(ROOT, "Tests", "TokenizerTests", "Fixtures")


def local_ranks(url, expected_hash=None):
    """openai_public's loader, redirected from the download URL to the shipped file of the same name."""
    path = os.path.join(RANKS, url.rsplit("/", 1)[-1])
    return load_tiktoken_bpe(path, expected_hash=expected_hash)


def encoding(name):
    openai_public.load_tiktoken_bpe = local_ranks
    return tiktoken.Encoding(**openai_public.ENCODING_CONSTRUCTORS[name]())


def main():
    encodings = {name: encoding(name) for name in ("o200k_base", "cl100k_base")}
    with open(os.path.join(FIXTURES, "texts.json"), encoding="utf-8") as f:
        texts = json.load(f)
    cases = []
    for case in texts:
        entry = {"name": case["name"], "text": case["text"]}
        for name, enc in encodings.items():
            entry[name] = enc.encode_ordinary(case["text"])
        cases.append(entry)
    out = {"generator": "scripts/tokenizer-fixtures.py", "tiktoken": tiktoken.__version__, "cases": cases}
    with open(os.path.join(FIXTURES, "known-answers.json"), "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(f"{len(cases)} cases, tiktoken {tiktoken.__version__}", file=sys.stderr)


if __name__ == "__main__":
    main()
