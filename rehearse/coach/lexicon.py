"""Words reduced to what they mean for matching: stems, numbers as digits, synonyms as one.

A hand-written stemmer and synonym table rather than NLTK/spaCy or a sentence-embedding
model: on the labelled set (benchmarks/data/content/points.json, scored by
benchmarks/content.py) this reaches the precision and recall the point matcher needs, in
well under a millisecond a sentence, with no model to install or load. What an interview
answer needs that a general stemmer lacks is the numbers ("forty minutes" = "40 min",
"four point eight" = "4.8", "2,000" = "two thousand") and a few interview synonyms
("led" = "managed", "cut" = "dropped").
"""

from __future__ import annotations

import re
from functools import lru_cache


class LazyRegex:
    """A regular expression compiled on first use. The content coach's cue patterns take
    ~0.1 s to compile; compiled lazily, that happens while the answer is transcribed
    (``rehearse.coach.content.warm``) instead of when a report module is imported."""

    def __init__(self, pattern: str, flags: int = re.IGNORECASE):
        self.pattern, self.flags = pattern, flags
        self._compiled: re.Pattern | None = None

    def __getattr__(self, name: str):
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self.flags)
        return getattr(self._compiled, name)

# Phrases rewritten to one token before anything else, so "every morning" meets "daily".
_PHRASES = (
    (r"\bstraight away\b|\bright away\b|\bat once\b|\bimmediately\b", " immediately "),
    (r"\bevery (?:single )?(?:day|morning|evening)\b|\beach day\b|\bday to day\b", " daily "),
    (r"\bevery (?:single )?week\b|\beach week\b|\bonce a week\b", " weekly "),
    (r"\bevery (?:mon|tues|wednes|thurs|fri|satur|sun)day\b", " weekly "),
    (r"\bstand[- ]?ups?\b|\bcheck[- ]?ins?\b|\bhuddles?\b", " standup "),
    (r"\bsign[- ]?ups?\b", " signup "),
    (r"\bin half\b|\bhalved?\b|\bhalving\b|\bby half\b|\bby 50 ?%", " halve "),
    (r"\b(?:a|one) fifth\b", " 20 percent "), (r"\b(?:a|one) quarter\b", " 25 percent "),
    (r"\b(?:a|one) third\b", " 33 percent "), (r"\btwo thirds\b", " 67 percent "),
    (r"\bthree quarters\b", " 75 percent "),
    (r"\bper ?cent\b|%", " percent "),
    (r"\b(?:fewer|less) than\b|\bbelow\b", " under "),
    (r"\bon my own\b|\bby myself\b|\bmyself\b|\bpersonally\b|\bself\b", " self "),
    (r"\bin a row\b|\brunning\b(?= *$)", " running "),
    (r"\bcode reviews?\b", " review "),
    (r"\bfollow[- ]ups?\b", " followup "),
    (r"\bon[- ]?boarding\b", " onboarding "),
    (r"\bfront[- ]end\b", " frontend "),
    (r"\bback[- ]end\b", " backend "),
)
_PHRASE_RES = tuple((LazyRegex(p), r) for p, r in _PHRASES)

_UNITS = {"h": "hour", "hr": "hour", "hrs": "hour", "min": "minute", "mins": "minute",
          "sec": "second", "secs": "second", "s": "second", "k": "thousand", "m": "million",
          "wk": "week", "wks": "week", "yr": "year", "yrs": "year"}
_ONES = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
         "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
         "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
         "nineteen": 19, "a dozen": 12, "dozen": 12}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}
_COUNTED = frozenset("""second seconds minute minutes hour hours day days week weeks month months
year years quarter quarters person time times""".split())  # "one week" is a figure
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}

# Irregular forms an interview answer uses; regular ones go through the suffix rules.
_IRREGULAR = {
    "led": "lead", "ran": "run", "wrote": "write", "written": "write", "built": "build",
    "taught": "teach", "found": "find", "took": "take", "taken": "take", "made": "make",
    "sold": "sell", "grew": "grow", "grown": "grow", "went": "go", "gone": "go", "told": "tell",
    "gave": "give", "given": "give", "came": "come", "began": "begin", "begun": "begin",
    "brought": "bring", "thought": "think", "got": "get", "gotten": "get", "spent": "spend",
    "lost": "lose", "met": "meet", "paid": "pay", "said": "say", "won": "win", "kept": "keep",
    "felt": "feel", "left": "leave", "chose": "choose", "chosen": "choose", "rebuilt": "rebuild",
    "redid": "redo", "rewrote": "rewrite", "rewritten": "rewrite", "overtook": "overtake", "fell": "fall", "fallen": "fall", "rose": "rise", "risen": "rise",
    "broke": "break", "broken": "break", "drove": "drive", "held": "hold", "knew": "know",
    "known": "know", "saw": "see", "seen": "see", "did": "do", "done": "do", "had": "have",
    "has": "have", "was": "be", "were": "be", "is": "be", "are": "be", "am": "be", "been": "be",
    "people": "person", "children": "child", "men": "man", "women": "woman", "data": "data",
    "taught myself": "teach", "became": "become", "understood": "understand", "sent": "send",
    "heard": "hear", "stood": "stand", "shut": "shut", "set": "set", "put": "put", "cut": "cut",
    "bought": "buy", "caught": "catch", "fought": "fight", "sat": "sit", "spoke": "speak",
    "better": "good", "best": "good", "worse": "bad", "worst": "bad", "less": "few",
    "fewer": "few", "more": "many", "most": "many", "mostly": "many", "nursing": "nurse",
    "analyst": "analysis", "analytics": "analysis", "analysed": "analysis", "analyzed": "analysis",
    "design": "design", "designer": "design", "designers": "design", "researcher": "research",
}

# Words that mean the same thing in an interview answer: each group becomes its first word.
_SYNONYMS = (
    ("lead", "manage", "head", "supervise", "oversee", "direct", "run"),
    ("team", "group", "squad", "crew", "staff", "department"),
    ("person", "engineer", "developer", "colleague", "member", "employee"),
    ("reduce", "cut", "drop", "lower", "decrease", "shrink", "slash", "fall", "down", "trim"),
    ("increase", "grow", "rise", "raise", "boost", "up", "improve", "double", "triple"),
    ("build", "create", "develop", "make", "rebuild", "design"),
    ("propose", "suggest", "offer", "recommend", "pitch", "introduce"),
    ("mentor", "coach", "tutor", "train"),
    ("learn", "study", "pick", "master"),
    ("fix", "solve", "resolve", "repair", "restore", "recover"),
    ("customer", "client", "account"),
    ("error", "bug", "mistake", "defect", "incident", "failure", "fault"),
    ("none", "no", "zero", "never", "without", "not", "n't", "nobody", "nothing"),
    ("tell", "inform", "report", "notify", "warn", "alert"),
    ("start", "begin", "launch", "set", "found", "kick", "establish", "open"),
    ("handle", "take", "own", "cover"),
    ("guide", "documentation", "manual", "handbook", "notes", "note", "checklist", "doc"),
    ("job", "role", "position", "post"),
    ("company", "organisation", "organization", "firm", "business", "employer", "startup"),
    ("want", "like", "hope", "wish", "keen", "aim", "plan", "looking"),
    ("small", "smaller", "little"),
    ("big", "large", "bigger", "larger", "huge"),
    ("fast", "quick", "quickly", "rapid", "speed"),
    ("pay", "payment", "billing", "bill", "invoice"),
    ("prototype", "mockup", "demo"),
    ("sale", "sell", "seller", "revenue"),
    ("rota", "schedule", "shift"),
    ("weekend", "saturday", "sunday"),
    ("help", "support", "assist"),
    ("centre", "center", "hub", "portal", "page"),
    ("ship", "release", "deliver", "deploy"),
    ("teach", "teacher", "educate", "instruct"),
    ("interview", "interviews"),
    ("cook", "chef", "kitchen"),
    ("delay", "late", "overdue", "behind"),
    ("convince", "persuade"),
    ("everyone", "whole", "entire", "all"),
)

STOP = frozenset("""
a an the and or but so to of in on at for with by from as into onto about over than then
that this these those it its it's i me my mine we us our ours you your he him his she her they
them their there here be have do will would could should can may might must shall also just
very really quite which who whom whose what when where why how if because while during after
before until since some any each every such same other another own one's yeah um uh like well
okay oh sure actually basically kind sort lot lots get go am let's i'm i've i'd we've we're
we'd they're that's what's there's he's she's you're it'll was were is are been being had has
did does doing done still even only too again further once both either whether just around
""".split())
# Words that appear in most answers: a point made of them needs more than one to match.
_GENERIC_WORDS = """
team person work project time thing way year month week day new good great help make take
job role company customer problem issue process system first last next part end result use
none many few start want hour minute
""".split()

_TOKEN = LazyRegex(r"\d[\d,]*(?:\.\d+)?|[a-z]+(?:'[a-z]+)?", 0)


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """A light suffix-stripping stem: "handled", "handling", "handles" -> "handl"."""
    w = _IRREGULAR.get(word, word)
    if len(w) <= 3 or w[0].isdigit():
        return w
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("ing") and len(w) > 5:
        w = w[:-3]
    elif w.endswith("ed") and len(w) > 4:
        w = w[:-2]
    elif w.endswith("es") and len(w) > 4 and w[-3] in "sxz":
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) > 3:
        w = w[:-1]
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz" and w[-1].isalpha():
        w = w[:-1]  # planned -> plann -> plan
    if w.endswith("e") and len(w) > 3:
        w = w[:-1]
    return w


@lru_cache(maxsize=None)
def _synonym_map() -> dict[str, str]:
    out: dict[str, str] = {}
    for group in _SYNONYMS:
        head = stem(group[0])
        for word in group:
            out.setdefault(stem(word), head)
    return out


def canon(word: str) -> str:
    """The token that stands for ``word`` when matching: stem, then synonym group."""
    s = stem(word)
    return _synonym_map().get(s, s)


def _parse_numbers(tokens: list[str]) -> list[str]:
    """Number words become digits: "twenty five" -> "25", "four point eight" -> "4.8",
    "two thousand" -> "2000", "2 million" -> "2000000"; "2,000" -> "2000"."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        value, j = _read_number(tokens, i)
        if j > i:
            out.append(_fmt(value))
            i = j
        else:
            out.append(tokens[i])
            i += 1
    return out


def _read_number(tokens: list[str], i: int) -> tuple[float, int]:
    total, current, j, seen = 0.0, 0.0, i, False
    while j < len(tokens):
        t = tokens[j]
        if t[0].isdigit():
            if seen and current:  # "2 3": two numbers
                break
            current += float(t.replace(",", ""))
        elif t in _ONES:
            if seen and current % 10 and current < 100:
                break  # "three four" is two numbers
            current += _ONES[t]
        elif t in _TENS:
            if seen and current and current % 100:
                break
            current += _TENS[t]
        elif t in _SCALES and seen:
            scale = _SCALES[t]
            if scale == 100:
                current *= 100
            else:
                total += current * scale
                current = 0.0
        elif t == "point" and seen and j + 1 < len(tokens) and tokens[j + 1] in _ONES:
            frac = []
            k = j + 1
            while k < len(tokens) and tokens[k] in _ONES and _ONES[tokens[k]] < 10:
                frac.append(str(_ONES[tokens[k]]))
                k += 1
            if not frac:
                break
            current += float("0." + "".join(frac))
            j = k
            seen = True
            break
        elif t == "and" and seen and j + 1 < len(tokens) and (tokens[j + 1] in _ONES or tokens[j + 1] in _TENS) \
                and current >= 100:
            pass  # "two hundred and fifty"
        else:
            break
        seen = True
        j += 1
    if not seen:
        return 0.0, i
    if tokens[i] == "one" and j == i + 1 and (j >= len(tokens) or tokens[j] not in _COUNTED):
        return 0.0, i  # "one" alone is mostly a pronoun ("the one who..."), not a figure
    return total + current, j


def _fmt(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


@lru_cache(maxsize=4096)
def raw_tokens(text: str) -> tuple[str, ...]:
    """Lower-case word and number tokens, with phrases and units rewritten."""
    t = text.lower().replace("\u2019", "'")
    t = re.sub(r"(\w) ([-.]\w)", r"\1\2", t)  # Whisper's words "4" ".8", "stand" "-up" are one
    for rx, rep in _PHRASE_RES:
        t = rx.sub(rep, t)
    t = re.sub(r"(\d)([a-z]+)\b", lambda m: f"{m.group(1)} {m.group(2)}", t)  # 6h, 40min, 2k
    t = re.sub(r"(\d)\+", r"\1", t)  # 60+
    tokens = _TOKEN.findall(t)
    tokens = [_UNITS.get(tok, tok) if k and tokens[k - 1][0].isdigit() else tok
              for k, tok in enumerate(tokens)]
    return tuple(_parse_numbers(tokens))


@lru_cache(maxsize=4096)
def content_tokens(text: str) -> tuple[str, ...]:
    """What ``text`` says, as canonical tokens: stop words dropped, numbers as digits."""
    out = []
    for tok in raw_tokens(text):
        if tok[0].isdigit():
            out.append(tok)
            continue
        if tok.endswith("n't"):
            out.append(canon("n't"))
            tok = tok[:-3]
        if tok in STOP or len(tok) < 2:
            continue
        out.append(canon(tok))
    return tuple(out)


@lru_cache(maxsize=None)
def generic() -> frozenset[str]:
    """Canonical tokens too common in answers to count for much on their own."""
    return frozenset(canon(w) for w in _GENERIC_WORDS)


def is_number(token: str) -> bool:
    return token[:1].isdigit()
