"""The same statement across outlets: quotations whose text is the same or nearly the same.

Texts are compared folded (case, accents and punctuation gone, so re-punctuation does not count).
Candidates come from fingerprints: the whole folded text, word 4-grams sampled by hash (0 mod 3),
so that a trimmed or slightly reworded copy still shares some with the original, and, for a short
quotation, the text without each of its words in turn (a deletion neighbourhood, as SymSpell's for
spellings): a copy with one word changed, added or dropped then always shares one, where a short
text may have no 4-gram left in common. A candidate joins the statement when its text is nearly
equal (rapidfuzz ratio, or a word or two changed: word-level edit distance), or contains the
other's (a trim; partial ratio, with enough words to make it more than a common phrase), and its
speaker is the same entity or unknown. Statements whose copies differ in wording are the altered
quotations (store/altered.py).
"""

from __future__ import annotations

import hashlib
import sqlite3

from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq, Levenshtein

from ..names import fold

SHINGLE_WORDS = 4
SAMPLE_MODULUS = 3
MIN_WORDS = 5  # shorter quotations ("no", "a disgrace") are too common to be one statement
NEAR_RATIO = 88.0
TRIM_RATIO = 96.0
MIN_TRIM_WORDS = 8
SHORT_WORDS = 16  # up to this many words, the text without each word is a fingerprint too
# A copy may differ by up to MAX_WORD_EDITS word edits (a word changed, added or dropped) when the
# shorter text keeps at least MIN_SHARED_WORDS words beside them: "infections in the United States"
# is not "deaths in the United States" (4 words shared), but "We must act now on climate change" is
# "We must act today on climate change". Longer copies are caught by the character ratio.
MAX_WORD_EDITS = 2
MIN_SHARED_WORDS = 5


def _hash(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big", signed=True)


def fingerprints(folded: str) -> set[int]:
    """The whole text's hash and the sampled shingles' hashes of a folded quotation."""
    words = folded.split()
    keys = {_hash(folded)}
    for i in range(len(words) - SHINGLE_WORDS + 1):
        key = _hash(" ".join(words[i:i + SHINGLE_WORDS]))
        if key % SAMPLE_MODULUS == 0:
            keys.add(key)
    if MIN_WORDS <= len(words) <= SHORT_WORDS:
        keys.update(_hash(" ".join(words[:i] + words[i + 1:])) for i in range(len(words)))
    return keys


def same_statement(a: str, b: str) -> bool:
    """True when folded texts `a` and `b` are one statement (equal, re-worded slightly, or trimmed)."""
    if a == b:
        return True
    # With a score cutoff rapidfuzz gives up on a pair as soon as it cannot reach it (a score below
    # is 0): the same answers, and two long transcripts are told apart in milliseconds, not seconds.
    if fuzz.ratio(a, b, score_cutoff=NEAR_RATIO) >= NEAR_RATIO:
        return True
    a_words, b_words = a.split(), b.split()
    fewest = min(len(a_words), len(b_words))
    allowed = min(MAX_WORD_EDITS, fewest - MIN_SHARED_WORDS)
    if allowed > 0 and Levenshtein.distance(a_words, b_words, score_cutoff=allowed) <= allowed:
        return True
    shorter = a if len(a) <= len(b) else b
    if len(shorter.split()) < MIN_TRIM_WORDS or not _may_be_a_trim(a, b, len(shorter)):
        return False
    return fuzz.partial_ratio(a, b, score_cutoff=TRIM_RATIO) >= TRIM_RATIO


def _may_be_a_trim(a: str, b: str, shorter: int) -> bool:
    """False when no stretch of the longer text can be a near copy of the shorter one (of `shorter`
    characters), told from their longest common subsequence alone (bit-parallel: milliseconds).

    partial_ratio aligns the shorter text s (n characters) with stretches w of the other (k <= n
    characters) and scores 200 LCS(s, w) / (n + k); reaching x = TRIM_RATIO / 100 needs LCS(s, w)
    >= x (n + k) / 2 with LCS(s, w) <= k, hence k >= x n / (2 - x) and LCS(s, w) >= x n / (2 - x).
    The whole texts' LCS is at least any stretch's, so below that bound the answer is no."""
    x = TRIM_RATIO / 100
    return LCSseq.similarity(a, b) * (2 - x) >= x * shorter


def assign(conn: sqlite3.Connection, quote_id: int, content: str, speaker_id: int | None,
           published: str | None) -> int | None:
    """Put a stored quotation into its statement (found or new); returns the statement id."""
    folded = fold(content)
    if len(folded.split()) < MIN_WORDS:
        return None
    keys = fingerprints(folded)
    marks = ",".join("?" * len(keys))
    candidates = conn.execute(
        "SELECT DISTINCT s.id, s.speaker_id, q.content FROM statement_keys k "
        "JOIN statements s ON s.id = k.statement_id JOIN quotes q ON q.id = s.first_quote_id "
        f"WHERE k.key IN ({marks})", tuple(keys)).fetchall()
    statement_id = None
    for candidate_id, candidate_speaker, candidate_text in candidates:
        if speaker_id is not None and candidate_speaker is not None and candidate_speaker != speaker_id:
            continue
        if same_statement(folded, fold(candidate_text)):
            statement_id = int(candidate_id)
            break
    if statement_id is None:
        cursor = conn.execute("INSERT INTO statements (title, speaker_id, first_quote_id, first_published, "
                              "quote_count) VALUES (?, ?, ?, ?, 0)", (content, speaker_id, quote_id, published))
        statement_id = int(cursor.lastrowid or 0)
    else:
        first = conn.execute("SELECT first_published FROM statements WHERE id = ?", (statement_id,)).fetchone()[0]
        if published and (first is None or published < first):
            conn.execute("UPDATE statements SET first_quote_id = ?, first_published = ?, title = ? WHERE id = ?",
                         (quote_id, published, content, statement_id))
        if speaker_id is not None:
            conn.execute("UPDATE statements SET speaker_id = coalesce(speaker_id, ?) WHERE id = ?",
                         (speaker_id, statement_id))
    conn.execute("UPDATE statements SET quote_count = quote_count + 1 WHERE id = ?", (statement_id,))
    conn.execute("UPDATE quotes SET statement_id = ? WHERE id = ?", (statement_id, quote_id))
    conn.executemany("INSERT OR IGNORE INTO statement_keys (key, statement_id) VALUES (?, ?)",
                     [(k, statement_id) for k in keys])
    return statement_id
