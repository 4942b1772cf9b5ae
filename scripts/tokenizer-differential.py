#!/usr/bin/env python3
"""Differential check of `llmbench tokens` against tiktoken on seeded random mixed-script text (local, not CI).

    /tmp/tokvenv/bin/python scripts/tokenizer-differential.py [--seed S] [--mb 4] [--binary .build/release/llmbench]

Builds --mb megabytes of random text (English words, contractions, code, digits, every kind of whitespace,
CJK, kana, Hangul, Arabic and Hebrew with vowel marks, Devanagari, Thai, Cyrillic, Greek, emoji with ZWJ,
skin tones and variation selectors, combining marks, and random assigned code points of the BMP and SMP),
in documents of a few kilobytes, encodes each with tiktoken's encode_ordinary (ranks read from
datasets/tokenizers) and with the binary (`--whole-file --ids`), and prints the first mismatch of each
encoding with its context. Exit 0 when every id equals.
"""
import argparse
import os
import random
import subprocess
import sys
import tempfile
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import importlib.util

spec = importlib.util.spec_from_file_location("fixtures", os.path.join(os.path.dirname(__file__), "tokenizer-fixtures.py"))
fixtures = importlib.util.module_from_spec(spec)
spec.loader.exec_module(fixtures)

WORDS = ("the of and to in is it you that he was for on are with as I his they be at one have this from "
         "or had by hot word but what some we can out other were all there when up use your how said an each "
         "HTTP JSON API GPT-4o LLM iPhone McDonald NASA Ünïcödé naïve café résumé").split()
CONTRACTIONS = ["'s", "'t", "'re", "'ve", "'m", "'ll", "'d", "'S", "'T", "'RE", "'VE", "'M", "'LL", "'D", "'x", "'", "''"]
SPACES = [" ", "  ", "   ", "\t", "\n", "\n\n", "\r\n", "\r", " \n", "\n ", "  \n  ", "\u00a0", "\u3000", "\u2003",
          "\u2028", "\u0085", "\u000b", "\u000c", "\u200b", "\ufeff"]
PUNCT = list("!\"#$%&()*+,-./:;<=>?@[\\]^_`{|}~") + ["...", "--", "//", "/*", "*/", "->", "=>", "::", "«", "»", "“", "”",
         "、", "。", "，", "！", "？", "・", "«", "—", "…", "§", "¶", "©", "®", "°", "±", "×", "÷", "€", "£", "¥"]
RANGES = {
    "cjk": (0x4E00, 0x9FFF), "hiragana": (0x3041, 0x3096), "katakana": (0x30A1, 0x30FA), "hangul": (0xAC00, 0xD7A3),
    "arabic": (0x0621, 0x064A), "arabic_marks": (0x064B, 0x0652), "hebrew": (0x05D0, 0x05EA),
    "hebrew_marks": (0x05B0, 0x05BC), "devanagari": (0x0905, 0x0939), "devanagari_marks": (0x093E, 0x094D),
    "thai": (0x0E01, 0x0E3A), "cyrillic": (0x0410, 0x044F), "greek": (0x0391, 0x03C9), "latin_ext": (0x00C0, 0x024F),
    "combining": (0x0300, 0x036F), "emoji": (0x1F300, 0x1F64F), "emoji2": (0x1F900, 0x1F9FF),
    "math_alnum": (0x1D400, 0x1D7FF), "cjk_ext_b": (0x20000, 0x2A6DF), "fullwidth": (0xFF01, 0xFF9F),
    "digits_other": (0x0660, 0x0669),
}
EMOJI_SEQUENCES = ["👨‍👩‍👧‍👦", "👩‍❤️‍👨", "🏳️‍🌈", "🏴‍☠️", "👍🏽", "👩🏾‍💻", "1️⃣", "#️⃣", "❤️", "🇫🇷", "🇯🇵", "🏴󠁧󠁢󠁳󠁣󠁴󠁿", "✌🏿", "☺︎"]


def assigned(cp):
    return unicodedata.category(chr(cp)) not in ("Cn", "Cs", "Co")


def random_char(rng, low, high):
    while True:
        cp = rng.randint(low, high)
        if assigned(cp):
            return chr(cp)


def segment(rng):
    kind = rng.randrange(16)
    if kind <= 3:
        word = rng.choice(WORDS)
        word = word.upper() if rng.random() < 0.1 else word.capitalize() if rng.random() < 0.2 else word
        return word + (rng.choice(CONTRACTIONS) if rng.random() < 0.1 else "")
    if kind == 4:
        return rng.choice(SPACES)
    if kind == 5:
        return rng.choice(PUNCT) * rng.choice([1, 1, 1, 2, 3])
    if kind == 6:
        return str(rng.randint(0, 10 ** rng.randint(1, 9)))
    if kind == 7:
        return rng.choice(EMOJI_SEQUENCES)
    if kind == 8:
        return random_char(rng, 0x20, 0x2FFFF) * rng.choice([1, 1, 2])
    name = rng.choice(list(RANGES))
    low, high = RANGES[name]
    text = "".join(random_char(rng, low, high) for _ in range(rng.randint(1, 12)))
    if rng.random() < 0.2:
        text += random_char(rng, 0x0300, 0x036F)
    return text


def document(rng, size):
    parts = []
    length = 0
    while length < size:
        s = segment(rng)
        if rng.random() < 0.5:
            s += " "
        parts.append(s)
        length += len(s.encode())
    return "".join(parts)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--mb", type=float, default=4)
    parser.add_argument("--binary", default=os.path.join(fixtures.ROOT, ".build", "release", "llmbench"))
    args = parser.parse_args()
    rng = random.Random(args.seed)
    docs = []
    total = 0
    while total < args.mb * 1e6:
        d = document(rng, rng.choice([200, 1000, 4000, 16000]))
        docs.append(d)
        total += len(d.encode())
    failures = 0
    for name in ("o200k_base", "cl100k_base"):
        enc = fixtures.encoding(name)
        bad = 0
        with tempfile.TemporaryDirectory() as tmp:
            for n, d in enumerate(docs):
                path = os.path.join(tmp, "doc.txt")
                with open(path, "w", encoding="utf-8", newline="") as f:
                    f.write(d)
                out = subprocess.run([args.binary, "tokens", "--encoding", name, "--whole-file", "--ids", path],
                                     capture_output=True, check=True, text=True).stdout
                fields = out.rstrip("\n").split("\t")
                ours = [int(x) for x in fields[1].split()] if len(fields) > 1 else []
                theirs = enc.encode_ordinary(d)
                if ours != theirs:
                    bad += 1
                    k = next((i for i, (a, b) in enumerate(zip(ours, theirs)) if a != b), min(len(ours), len(theirs)))
                    ctx = enc.decode(theirs[max(0, k - 3):k + 4])
                    print(f"{name} doc {n}: first difference at id {k}: ours {ours[k:k+4]} tiktoken {theirs[k:k+4]}"
                          f" around {ctx!r} ({[hex(ord(c)) for c in enc.decode(theirs[k:k+2])]})")
                    if bad >= 10:
                        break
        print(f"{name}: {len(docs) if bad < 10 else n + 1} documents, {total} bytes, {bad} mismatching")
        failures += bad
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
