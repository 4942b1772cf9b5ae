#!/usr/bin/env python3
"""Writes reference-outputs.json: what sacrebleu, rouge-score and the SQuAD v1.1 definition say about
a fixed, varied set of (prediction, references) cases. Our Swift tests require agreement within 1e-9.

Run by hand, never in CI (`--fuzz SEED COUNT OUT.json` writes random cases elsewhere instead; point the Swift
tests at them with QUALITY_FIXTURES=OUT.json swift test --filter QualityTests):
    python3 -m venv /tmp/qv && /tmp/qv/bin/pip install sacrebleu rouge-score nltk numpy
    /tmp/qv/bin/python Tests/QualityTests/Fixtures/generate.py
"""
import collections
import json
import os
import re
import string
import sys
import unicodedata
from importlib import metadata

import sacrebleu
from nltk.stem import porter
from rouge_score import rouge_scorer
from sacrebleu.metrics import BLEU, CHRF

# --- SQuAD v1.1: the official evaluation script's definitions (normalize_answer, exact match, F1). ---

def squad_normalize(s):
    s = s.lower()
    exclude = set(string.punctuation)
    s = "".join(ch for ch in s if ch not in exclude)
    s = re.sub(r"\b(a|an|the)\b", " ", s)
    return " ".join(s.split())


def squad_f1(prediction, truth):
    p = squad_normalize(prediction).split()
    g = squad_normalize(truth).split()
    common = collections.Counter(p) & collections.Counter(g)
    same = sum(common.values())
    if same == 0:
        return 0.0
    precision = 1.0 * same / len(p)
    recall = 1.0 * same / len(g)
    return (2 * precision * recall) / (precision + recall)


def squad_em(prediction, truth):
    return float(squad_normalize(prediction) == squad_normalize(truth))


# --- The cases. ---

NFD = lambda s: unicodedata.normalize("NFD", s)
NFC = lambda s: unicodedata.normalize("NFC", s)

base = [
    ("identical", "the cat sat on the mat", ["the cat sat on the mat"]),
    ("empty-prediction", "", ["the cat sat on the mat"]),
    ("empty-reference", "the cat sat on the mat", [""]),
    ("both-empty", "", [""]),
    ("whitespace-only", "   \t ", ["something here"]),
    ("no-overlap", "alpha beta gamma", ["delta epsilon zeta"]),
    ("short-hypothesis", "the cat", ["the cat sat on the mat"]),
    ("long-hypothesis", "the cat sat on the mat and then it sat on the mat again and again", ["the cat sat on the mat"]),
    ("one-word", "cat", ["cat"]),
    ("two-words", "the cat", ["the cat"]),
    ("three-words", "the cat sat", ["the cat sat"]),
    ("reordered", "mat the on sat cat the", ["the cat sat on the mat"]),
    ("repeated-words", "the the the the the the the", ["the cat is on the mat"]),
    ("stem-running", "He was running quickly to the stations", ["He runs quick to the station"]),
    ("stem-ran", "She ran and runs and is running", ["she run ran running"]),
    ("stem-generously", "They gave generously and generously", ["they were generous and gave"]),
    ("stem-irregular", "The skies were dying, lying and tying news innings outings cannings", ["sky die lie tie news inning outing canning"]),
    ("stem-suffixes", "relational conditional rational valenci hesitanci digitizer conformabli radicalli differentli vileli analogousli vietnamization predication operator feudalism decisiveness hopefulness callousness formaliti sensitiviti sensibiliti", ["relate condition ration valence hesitance digitize conformable radical different vile analogous vietnamize predicate operate feudal decisive hopeful callous formal sensitive sensible"]),
    ("stem-step3-5", "triplicate formative formalize electriciti electrical hopeful goodness revival allowance inference airliner gyroscopic adjustable defensible irritant replacement adjustment dependent adoption homologou communism activate angulariti homologous effective bowdlerize probate rate cease controll roll", ["triplic form formal electr hope good reviv allow infer airlin gyroscop adjust defens irrit replac depend adopt homolog commun activ angular effect bowdler probat rate ceas control roll"]),
    ("stem-1b", "caresses ponies ties caress cats feed agreed plastered bled motoring sing conflated troubled sized hopping tanned falling hissing fizzed failing filing happy sky ied cried", ["caress poni tie caress cat feed agre plaster bled motor sing conflat troubl size hop tan fall hiss fizz fail file happi sky ie cri"]),
    ("multi-ref", "It is a guide to action which ensures that the military always obeys the commands of the party.",
     ["It is a guide to action that ensures that the military will forever heed Party commands.",
      "It is the guiding principle which guarantees the military forces always being under the command of the Party.",
      "It is the practical guide for the army always to heed the directions of the party."]),
    ("multi-ref-bad", "It is to insure the troops forever hearing the activity guidebook that party direct.",
     ["It is a guide to action that ensures that the military will forever heed Party commands.",
      "It is the guiding principle which guarantees the military forces always being under the command of the Party.",
      "It is the practical guide for the army always to heed the directions of the party."]),
    ("multi-ref-lengths", "a b c d e", ["a b c d", "a b c d e f", "a b"]),
    ("multi-ref-tie", "a b c d e", ["a b c d", "a b c d e f"]),
    ("multi-ref-empty-one", "the answer is 42", ["", "the answer is 42"]),
    ("qa-article-only", "the", ["a"]),
    ("qa-article-an", "An", ["the"]),
    ("qa-punct-only", "?!...", ["."]),
    ("qa-punct-vs-word", "!!!", ["paris"]),
    ("qa-paris", "Paris.", ["paris", "Paris, France"]),
    ("qa-the-paris", "The city of Paris", ["Paris"]),
    ("qa-articles-inside", "theater and anthem and banana", ["the theater an anthem a banana"]),
    ("qa-case", "DENVER BRONCOS", ["Denver Broncos"]),
    ("qa-number", "1,000", ["1000"]),
    ("qa-number-decimal", "3.14 metres", ["3.14 meters", "pi metres"]),
    ("qa-unicode-punct", "“Paris”", ["Paris"]),
    ("qa-underscore", "a_b the_c", ["ab thec"]),
    ("qa-accent-article", "ça a été le cas", ["le cas"]),
    ("qa-multi-answer", "Santa Clara, California", ["Levi's Stadium", "Levi's Stadium in the San Francisco Bay Area at Santa Clara, California.", "Santa Clara"]),
    ("nfc-vs-nfd", NFC("café résumé naïve"), [NFD("café résumé naïve")]),
    ("nfd-vs-nfd", NFD("café résumé naïve"), [NFD("café résumé naïve")]),
    ("nfd-vs-nfc-qa", NFD("Émile Zola"), [NFC("Émile Zola")]),
    ("nbsp", "the\u00a0cat sat\u00a0on the mat", ["the cat sat on the mat"]),
    ("narrow-nbsp", "10\u202f000 people", ["10 000 people"]),
    ("ideographic-space", "東京\u3000大阪", ["東京 大阪"]),
    ("zero-width-space", "the\u200bcat sat", ["the cat sat"]),
    ("fullwidth", "ＡＢＣ　１２３！", ["ABC 123!"]),
    ("fullwidth-zh", "你好，世界！", ["你好, 世界!"]),
    ("emoji", "I love it 😀👍🏽 so much!", ["I love it 😀 so much !"]),
    ("emoji-zwj", "family 👨‍👩‍👧 time", ["family 👨‍👩‍👧‍👦 time"]),
    ("cjk-zh", "猫坐在垫子上。", ["猫坐在垫子上。"]),
    ("cjk-zh-partial", "今天天气很好，我们去公园吧。", ["今天的天气非常好，我们去公园散步吧。"]),
    ("cjk-zh-mixed", "我在Google工作了3年, 现在在OpenAI。", ["我在 Google 工作了三年，现在在 OpenAI 。"]),
    ("cjk-ja", "猫がマットの上に座った。", ["猫はマットの上に座っていた。"]),
    ("cjk-ja-kana", "すみません、駅はどこですか？", ["すみません、駅はどちらですか。"]),
    ("cjk-ko", "고양이가 매트 위에 앉았다.", ["고양이는 매트 위에 앉아 있었다."]),
    ("cjk-ext-b", "𠀀𠀁 test 𪛖", ["𠀀 test"]),
    ("zh-general-punct", "他说：“好的……”—然后走了‰", ["他说 “好的” 然后走了"]),
    ("de-accents", "Die Straße ist sehr schön, und die Bäume blühen.", ["Die Strasse ist sehr schön und die Bäume blühen."]),
    ("de-umlaut-case", "ÜBER ÄRGER ÖL", ["über ärger öl"]),
    ("fr-accents", "L'été dernier, nous sommes allés à Paris.", ["L’été dernier, nous sommes allés à Paris."]),
    ("fr-elision", "C'est l'homme qu'on a vu aujourd'hui", ["c'est l'homme qu'on a vu aujourd'hui"]),
    ("es", "¿Dónde está la biblioteca? ¡Allí!", ["¿Dónde está la biblioteca? ¡Ahí!"]),
    ("numbers-commas", "The price rose to 1,234.56 dollars, up 3.5%.", ["The price rose to 1,234.56 dollars , up 3.5 %."]),
    ("numbers-european", "Der Preis beträgt 1.234,56 Euro.", ["Der Preis beträgt 1.234,56 €."]),
    ("numbers-dash", "pages 10-20 and 2019-2020", ["pages 10 - 20 and 2019 - 2020"]),
    ("numbers-end-dot", "It happened in 1999.", ["It happened in 1999 ."]),
    ("html-entities", "Tom &amp; Jerry &lt;3 &quot;cheese&quot; &gt; all", ["Tom & Jerry <3 \"cheese\" > all"]),
    ("skipped", "this <skipped> word", ["this word"]),
    ("hyphen-newline", "a long hyph-\nenated word\nand a second line", ["a long hyphenated word and a second line"]),
    ("multi-line-summary", "The cat sat on the mat.\nIt was happy.\nThen it slept.", ["The cat was on the mat.\nThe cat was happy and then slept."]),
    ("multi-line-blank", "First line here.\n\n\nSecond line here.\n", ["First line.\nSecond line here."]),
    ("multi-line-crlf", "Line one.\r\nLine two.", ["Line one.\nLine two."]),
    ("lsum-repeats", "a b a b\nb a b a", ["a a b b\nb b a a\na b"]),
    ("punct-heavy", "Hello,world!How's it going?(fine)[ok]{yes}<no>", ["Hello , world ! How ' s it going ? ( fine ) [ ok ] { yes } < no >"]),
    ("symbols", "5 + 3 = 8 ≈ 8.0 ± 0.1 → done © 2024 ™ $5 €6 £7 ¥8", ["5+3=8 ≈ 8.0±0.1 → done ©2024™ $ 5 € 6 £ 7 ¥ 8"]),
    ("apostrophes", "don't won't can't it's", ["do not will not cannot it is"]),
    ("greek-sigma", "ΟΔΟΣ ΟΔΟΣ. ΣΟΦΙΑ", ["οδος οδος. σοφια"]),
    ("dotted-i", "İstanbul İİ KELVIN\u212a", ["istanbul ii kelvink"]),
    ("trailing-spaces", "the cat   ", ["the cat"]),
    ("leading-spaces", "   the cat", ["the cat"]),
    ("tabs-newlines", "the\tcat\nsat", ["the cat sat"]),
    ("digits-letters", "abc123 def456 7ghi", ["abc 123 def 456 7 ghi"]),
    ("long-passage", "The quick brown fox jumps over the lazy dog. " * 6, ["A quick brown fox jumped over a lazy dog. " * 5]),
    ("single-char", "a", ["b"]),
    ("single-char-same", "x", ["x"]),
    ("five-chars", "abcde", ["abcde"]),
    ("seven-chars", "abcdefg", ["abcdefh"]),
    ("punct-tokens", "...", ["..."]),
    ("quotes-curly", "“Hello,” she said—“goodbye.”", ["\"Hello,\" she said - \"goodbye.\""]),
    ("combining-only", "e\u0301\u0301 a\u0300", ["é à"]),
    ("rtl-arabic", "القطة جلست على السجادة", ["جلست القطة على السجادة"]),
    ("hindi", "बिल्ली चटाई पर बैठी", ["बिल्ली चटाई पर बैठी थी"]),
    ("russian", "Кошка сидела на коврике.", ["Кошка сидит на коврике."]),
    ("thai", "แมวนั่งบนเสื่อ", ["แมวนั่งอยู่บนเสื่อ"]),
    ("roman-numerals", "Ⅻ chapters, ½ done, ² squared", ["XII chapters, 1/2 done, 2 squared"]),
    ("url-email", "see https://example.com/a?b=c or mail me@example.org", ["see https://example.com/a?b=c or mail me @ example.org"]),
]

# Sentence pairs that vary by small edits, so BLEU/chrF orders matter.
sentences = [
    "The committee approved the new budget after a long debate on Tuesday.",
    "Researchers found that the drug reduced symptoms in most patients.",
    "Heavy rain caused flooding across the northern region overnight.",
    "The company reported record profits for the third quarter in a row.",
    "Students protested outside the university against rising tuition fees.",
    "The museum will reopen next month with a new exhibition on ancient Egypt.",
    "Engineers are testing a bridge design that can withstand strong earthquakes.",
    "The city council voted to expand the bike lane network downtown.",
    "Scientists observed a rare comet passing close to the Earth last week.",
    "The orchestra performed Beethoven's ninth symphony to a sold-out crowd.",
]
edits = [
    lambda s: s,
    lambda s: s.lower(),
    lambda s: s.replace("the ", "a ", 1),
    lambda s: " ".join(s.split()[:-3]) + ".",
    lambda s: " ".join(reversed(s.rstrip(".").split())) + ".",
    lambda s: s.replace(" ", "  ").upper(),
    lambda s: " ".join(s.split()[2:]),
    lambda s: s.rstrip(".") + " and then some more words were added at the end.",
    lambda s: " ".join(w[:-1] if len(w) > 4 else w for w in s.split()),
    lambda s: s.replace("e", "é").replace("a", "ä"),
]
cases = [{"id": name, "prediction": p, "references": r} for name, p, r in base]
FUZZ = "--fuzz" in sys.argv  # hand check only: random texts, written to /tmp, never committed
if FUZZ:
    import random
    rng = random.Random(int(sys.argv[sys.argv.index("--fuzz") + 1]))
    alphabet = list("abcdefghijklmnopqrstuvwxyz   ,.;:!?'-\"()0123456789\n\t") + \
        ["é", "e\u0301", "ß", "İ", "Σ", "\u00a0", "\u3000", "你", "好", "世", "界", "。", "，", "猫", "が", "の", "😀",
         "\u200d", "—", "“", "”", "…", "€", "&amp;", "&lt;", "<skipped>", "ing", "ed", "ies", "tion", "ness", "ly"]
    words = ["the", "a", "an", "cat", "cats", "running", "ran", "generously", "generous", "station", "1,000", "3.5",
             "national", "happiness", "studies", "flying", "Paris", "Straße", "été", "東京", "東京都"]
    def rtext():
        parts = []
        for _ in range(rng.randint(0, 25)):
            parts.append(rng.choice(words) if rng.random() < 0.6 else "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 6))))
        return rng.choice([" ", " ", "\n", ""]).join(parts) if rng.random() < 0.2 else " ".join(parts)
    cases = []
    for k in range(int(sys.argv[sys.argv.index("--fuzz") + 2])):
        cases.append({"id": f"fuzz-{k}", "prediction": rtext(), "references": [rtext() for _ in range(rng.randint(1, 3))]})
for i, s in enumerate(sentences):
    for j, e in enumerate(edits):
        refs = [s] if (i + j) % 3 else [s, sentences[(i + 1) % len(sentences)]]
        cases.append({"id": f"edit-{i}-{j}", "prediction": e(s), "references": refs})

# Words for the stemmer alone: every token of the cases plus Porter's own test vocabulary patterns.
extra_words = """caresses ponies ties caress cats feed agreed disabled matting mating meeting milling messing
meetings happy sky relational conditional rational valenci hesitanci digitizer conformabli radicalli
differentli vileli analogousli vietnamization predication operator feudalism decisiveness hopefulness
callousness formaliti sensitiviti sensibiliti triplicate formative formalize electriciti electrical hopeful
goodness revival allowance inference airliner gyroscopic adjustable defensible irritant replacement adjustment
dependent adoption homologou communism activate angulariti homologous effective bowdlerize probate rate cease
controll roll generalizations oscillators fulli hopefulli logi analogi etymologi alli centralli yelled
yyy yay sayying toy toys played plays flying flies died dies lied lies tied ties spied cried innings skies dying
lying tying news proceed exceed succeed howe canning outing inning abilities ability generously generous
running runs ran runner run station stations quickly quick national nationality nationalization eed ied
abbey abbeys abbies a an be by is as us to io yes ies ing ed bled sing ring bring string falling filling
fizzed hissing sized tanned hopping troubled conflated motoring plastered""".split()
words = set(extra_words)
tok = rouge_scorer.tokenizers.DefaultTokenizer(use_stemmer=False)
for c in cases:
    for t in [c["prediction"]] + c["references"]:
        words.update(tok.tokenize(t))
stemmer = porter.PorterStemmer()
stems = [[w, stemmer.stem(w)] for w in sorted(words)]

# --- Reference outputs. ---

rouge_types = ["rouge1", "rouge2", "rougeL", "rougeLsum"]
scorers = {False: rouge_scorer.RougeScorer(rouge_types, use_stemmer=False),
           True: rouge_scorer.RougeScorer(rouge_types, use_stemmer=True)}
tokenizers = ["13a", "intl", "char", "zh", "none"]


def bleu_dict(s):
    return {"score": s.score, "counts": s.counts, "totals": s.totals, "precisions": s.precisions,
            "bp": s.bp, "sys_len": s.sys_len, "ref_len": s.ref_len}


for c in cases:
    hyp, refs = c["prediction"], c["references"]
    c["rouge"] = {}
    for stem, sc in scorers.items():
        r = sc.score_multi(refs, hyp)
        c["rouge"]["stem" if stem else "nostem"] = {k: [r[k].precision, r[k].recall, r[k].fmeasure] for k in rouge_types}
    c["bleu"] = {}
    for t in tokenizers:
        for lc in (False, True):
            s = sacrebleu.sentence_bleu(hyp, refs, tokenize=t, lowercase=lc)
            c["bleu"][t + ("-lc" if lc else "")] = bleu_dict(s)
    c["chrf"] = CHRF().sentence_score(hyp, refs).score
    c["chrf_lc"] = CHRF(lowercase=True).sentence_score(hyp, refs).score
    c["chrfpp"] = CHRF(word_order=2).sentence_score(hyp, refs).score
    c["squad"] = {"exact_match": max(squad_em(hyp, g) for g in refs), "f1": max(squad_f1(hyp, g) for g in refs)}

# Corpus scores over every case (references padded with None, as sacrebleu takes a variable count).
n = max(len(c["references"]) for c in cases)
streams = [[c["references"][k] if k < len(c["references"]) else None for c in cases] for k in range(n)]
hyps = [c["prediction"] for c in cases]
corpus = {"bleu": {}, "signatures": {}}
for t in tokenizers:
    m = BLEU(tokenize=t)
    corpus["bleu"][t] = bleu_dict(m.corpus_score(hyps, streams))
    corpus["signatures"]["bleu-" + t] = str(m.get_signature())
m = BLEU(tokenize="13a", lowercase=True)
corpus["bleu"]["13a-lc"] = bleu_dict(m.corpus_score(hyps, streams))
corpus["signatures"]["bleu-13a-lc"] = str(m.get_signature())
m = BLEU(tokenize="13a", effective_order=True)
m.corpus_score(hyps[:1], [[cases[0]["references"][0]]])
corpus["signatures"]["bleu-sentence-1ref"] = str(m.get_signature())
for name, m in [("chrf", CHRF()), ("chrfpp", CHRF(word_order=2)), ("chrf_lc", CHRF(lowercase=True))]:
    corpus[name] = m.corpus_score(hyps, streams).score
    corpus["signatures"][name] = str(m.get_signature())

out = {
    "generator": "Tests/QualityTests/Fixtures/generate.py",
    "versions": {p: metadata.version(p) for p in ["sacrebleu", "rouge-score", "nltk", "numpy", "regex"]}
    | {"python": sys.version.split()[0], "unicodedata": unicodedata.unidata_version},
    "squad": "official SQuAD v1.1 evaluate script definitions (normalize_answer, f1_score, exact_match_score)",
    "cases": cases,
    "corpus": corpus,
    "stems": stems,
}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "reference-outputs.json")
if FUZZ:
    path = sys.argv[sys.argv.index("--fuzz") + 3]
with open(path, "w") as f:
    json.dump(out, f, ensure_ascii=True, indent=0)
print(f"{len(cases)} cases, {len(stems)} stems -> {path}")
