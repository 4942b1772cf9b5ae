#!/usr/bin/env python3
"""The Python references of llmbench's scorers, timed on the pairs the `scoring` scenario wrote.

Called by `llmbench-bench scoring` with the venv it made (sacrebleu, rouge-score and nltk from PyPI):
    python scoring-references.py PAIRS.jsonl OUT.json PASSES
Each input line: {"task", "prediction", "references", "tokenize"}. Per metric it scores every pair of its
task, PASSES times, and writes the best pass's wall and CPU seconds (time.perf_counter, time.process_time)
with every score, so the Swift side can check that both computed the same numbers.

SQuAD: the v1.1 official evaluation script (evaluate-v1.1.py) is a file, not a package, so its three
definitions (normalize_answer, f1_score, exact_match_score, and the maximum over the answers) are
written out below as that script defines them.
"""
import collections
import json
import re
import string
import sys
import time
from importlib import metadata

import sacrebleu
from rouge_score import rouge_scorer
from sacrebleu.metrics import BLEU, CHRF


def normalize_answer(s):
    s = s.lower()
    exclude = set(string.punctuation)
    s = "".join(ch for ch in s if ch not in exclude)
    s = re.sub(r"\b(a|an|the)\b", " ", s)
    return " ".join(s.split())


def f1_score(prediction, ground_truth):
    p = normalize_answer(prediction).split()
    g = normalize_answer(ground_truth).split()
    common = collections.Counter(p) & collections.Counter(g)
    same = sum(common.values())
    if same == 0:
        return 0
    precision = 1.0 * same / len(p)
    recall = 1.0 * same / len(g)
    return (2 * precision * recall) / (precision + recall)


def exact_match_score(prediction, ground_truth):
    return normalize_answer(prediction) == normalize_answer(ground_truth)


def metric_max_over_ground_truths(fn, prediction, ground_truths):
    return max(fn(prediction, g) for g in ground_truths)


def timed(fn, pairs, passes):
    best_wall, best_cpu, out = float("inf"), float("inf"), None
    for _ in range(passes):
        w, c = time.perf_counter(), time.process_time()
        out = [fn(p) for p in pairs]
        best_wall = min(best_wall, time.perf_counter() - w)
        best_cpu = min(best_cpu, time.process_time() - c)
    return {"pairs": len(pairs), "wall_s": best_wall, "cpu_s": best_cpu, "scores": out}


def main():
    path, out_path, passes = sys.argv[1], sys.argv[2], int(sys.argv[3])
    pairs = [json.loads(line) for line in open(path, encoding="utf-8")]
    by_task = collections.defaultdict(list)
    for p in pairs:
        by_task[p["task"]].append(p)

    rouge = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL", "rougeLsum"], use_stemmer=True)
    names = ["rouge1", "rouge2", "rougeL", "rougeLsum"]

    def rouge_one(p):
        refs = p["references"]
        s = rouge.score(refs[0], p["prediction"]) if len(refs) == 1 else rouge.score_multi(refs, p["prediction"])
        return [s[n].fmeasure for n in names]

    bleus = {}

    def bleu_reused(p):
        tok = p["tokenize"]
        if tok not in bleus:
            bleus[tok] = BLEU(tokenize=tok, effective_order=True)
        return bleus[tok].sentence_score(p["prediction"], p["references"]).score

    def bleu_function(p):
        return sacrebleu.sentence_bleu(p["prediction"], p["references"], tokenize=p["tokenize"]).score

    chrf = CHRF()

    def chrf_reused(p):
        return chrf.sentence_score(p["prediction"], p["references"]).score

    def chrf_function(p):
        return sacrebleu.sentence_chrf(p["prediction"], p["references"]).score

    def squad(p):
        em = metric_max_over_ground_truths(exact_match_score, p["prediction"], p["references"])
        f1 = metric_max_over_ground_truths(f1_score, p["prediction"], p["references"])
        return [100.0 * float(em), 100.0 * f1]

    result = {
        "versions": {k: metadata.version(k) for k in ["sacrebleu", "rouge-score", "nltk"]},
        "python": sys.version.split()[0],
        "rouge": timed(rouge_one, by_task["summarization"], max(1, passes - 1)),
        "bleu": timed(bleu_reused, by_task["translation"], passes),
        "bleu_function": timed(bleu_function, by_task["translation"], max(1, passes - 1)),
        "chrf": timed(chrf_reused, by_task["translation"], passes),
        "chrf_function": timed(chrf_function, by_task["translation"], max(1, passes - 1)),
        "squad": timed(squad, by_task["qa"], passes),
    }
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(result, f)


if __name__ == "__main__":
    main()
