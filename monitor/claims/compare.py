"""An article read against the story's claims (pure): is it about the story, and what does it say of each
claim?

1. Reading: each sentence is tokenised, stemmed and matched against the claims' index once; a sentence
   only meets the claims it shares a word with.
2. Relevance, on the whole article (`relevance.py`): one of the story's anchors not named as a likeness
   ("as in Caracas"), or one of its places with a claim's evidence; its markers or a claim's evidence; and
   not dated (by its dateline, or only) outside the story's window.
3. Evidence: a sentence is evidence for a claim when it holds a word of every one of the claim's term groups
   (synonyms and both languages included) and, if the claim names entities, one of them (in the sentence
   or the one before, which a pronoun may refer to); and when it is not about another time, nor in a
   briefing's section headed by another place (or under its dateline: "COLOMBO — ..."). A sentence with a
   claim's evidence is no new development, unless it names someone new and states no figure.
4. Relation, by the first cue that decides: a contrary word said of the claim's subject; a figure (same,
   compatible, larger or later, the later of a change: "rose from 59 to 109", smaller, disputed, called
   untrue); negation or denial of the claim's words (not a limit: "never spread beyond a stretch"; an
   untrue word after a copula covers its whole clause before it, as a passive denial does: "claims that
   ... were a lie"); a changed status (not an arrival at the claim's own place); else the sentence
   corroborates. A short sentence right after that calls it untrue ("That is simply wrong.", or opening
   so: "He is wrong, and ...") makes it a contradiction, unless the sentence denies something itself,
   which the short one continues ("said it 'ran over no one'. He called the video a fake."); after a
   negated sentence, one only reasserting it ("It was.") contradicts the negation too. A fact
   check's verdict ("Verdict: false.") reverses what its title or first sentence, when plain, says of a
   claim (a checked report of deaths then agrees with "no deaths"); a lead that negates is its conclusion.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from monitor.claims.figures import compare_figures, figures_of, stated_change
from monitor.claims.index import ClaimIndex, Hit, variants
from monitor.claims.lexicon import (
    ACT_NOUNS,
    ADMISSIONS,
    ANY,
    ARRIVALS,
    CLAUSE_BREAKS,
    CONDITIONS,
    CORRELATIVES,
    DENIALS,
    ESCAPES,
    FORMER,
    HYPOTHETICAL,
    LIGHT_WORDS,
    LIMITS,
    LIST_OPENERS,
    MEASURES,
    NEGATIONS,
    NOBODY,
    NONE,
    PASSIVE,
    PRONOUNS,
    QUESTION_LABELS,
    REASSERTING_VERBS,
    REASSERTIONS,
    REBUTTALS,
    RECEIVING,
    RELATIVES,
    REPORT_NOUNS,
    REPORTING,
    TOWARD,
    TRUE,
    UNREALISED,
    VERDICTS,
    WHOLE_COUNTS,
)
from monitor.claims.reading import REBUTTAL_LENGTH, Sentence, read_sentence
from monitor.claims.relevance import dated_elsewhere, other_sections, relevance
from monitor.claims.story import Claim, Story
from monitor.text import ENGLISH, SPANISH, fold, split_sentences, words

RELATIONS = ("corroborates", "updates", "contradicts")
_STRENGTH = {relation: n for n, relation in enumerate(RELATIONS)}
NEGATION_REACH = 4
"""How many words before a claim's word a negation still applies to it ("did not condemn")."""
UNTRUE_REACH = 8
"""How far from a claim's words "false" or "fake" still calls them untrue."""
STATUS_REACH = 9
"""How far from the claim's words a status change still concerns it."""
UNTRUE_MODIFIERS = 2
"""How many words (an article, an adjective or adverb) may stand between a copula and an untrue word."""
LEAD = 2
"""The sentences (title and first one) where a fact check states what it checks: its verdict is on those."""
LABEL_WORDS = 4
"""The most words a label in capitals opening a fact check's part has ("LO QUE SE DICE.")."""
ANSWER_REACH = 3
"""How many sentences after an interview's question its answer may lean on the question's words."""
OBJECT_REACH = 5
"""How many words after a denial verb its object may be named ("dismissed the US president's threat")."""


@dataclass(frozen=True)
class Finding:
    claim_id: str
    relation: str
    """"corroborates", "updates" or "contradicts"."""
    evidence: str
    reason: str


@dataclass(frozen=True)
class NewDevelopment:
    evidence: str
    reason: str


@dataclass(frozen=True)
class Comparison:
    relevant: bool
    findings: list[Finding] = field(default_factory=list)
    new_developments: list[NewDevelopment] = field(default_factory=list)
    relevance: str = ""
    """Why the article is or is not about the story (for people; not part of the JSON form)."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "relevant": self.relevant,
            "findings": [
                {"claim": f.claim_id, "relation": f.relation, "evidence": f.evidence, "reason": f.reason}
                for f in self.findings
            ],
            "new_developments": [{"evidence": d.evidence, "reason": d.reason} for d in self.new_developments],
        }


def compare(story: Story, title: str, text: str, sentences: list[str] | None = None) -> Comparison:
    """Read an article against the story's claims. `sentences`, when given (a new version's changed
    sentences), are the only ones that may be evidence; relevance is still judged on the whole article."""
    index = story.index
    texts = [s for s in [title, *split_sentences(text)] if s.strip()]
    read = [read_sentence(index, s) for s in texts]
    lang = _language(read)  # per article: a short sentence alone is too little to tell
    for sentence in read:
        sentence.lang = lang
    evidence_for: dict[int, list[int]] = {}  # claim -> sentence numbers
    elsewhere = other_sections(read)
    answering = _answering_questions(read)
    for n, sentence in enumerate(read):
        previous = read[n - 1].entities if n else set()
        held = sentence.groups
        if n in answering:
            # An interview's answer replies in the question's words ("Q: How many soldiers defected? A:
            # ... perhaps 25 to 30 men").
            asked = read[answering[n]].groups
            held = {claim: groups | asked.get(claim, 0) for claim, groups in held.items()}
        for claim, groups in held.items():
            # Evidence holds every term group, and one of the claim's entities here or in the sentence
            # before (which "he" or "the minister" may refer back to).
            if groups == index.groups[claim] and (
                not index.needs_entity[claim]
                or claim in sentence.entities
                or (claim in previous and not _other_actor_first(index, sentence, claim))
            ):
                sentence.evidence_of.add(claim)
        asks = sentence.text.endswith("?") and sentence.asks
        if sentence.evidence_of and (n in elsewhere or asks or dated_elsewhere(story, sentence)):
            sentence.evidence_of.clear()  # a question, or another year or place: no evidence
        for claim in sentence.evidence_of:
            evidence_for.setdefault(claim, []).append(n)
    relevant, why = relevance(story, read, len(evidence_for))
    if not relevant:
        return Comparison(False, relevance=why)
    allowed = _allowed(read, sentences)
    for n in allowed:
        if read[n].evidence_of:
            read[n].collect_hits()
    findings: list[Finding] = []
    used: set[int] = set()
    # The few sentences that may rebut (most hold no word calling anything untrue): looked up once. A
    # reassertion holds only reasserting words, which a set test in C rules out for nearly every sentence.
    rebutting = [
        n
        for n, sentence in enumerate(read)
        if not _REBUTTING.isdisjoint(sentence.word_set)
        or (sentence.word_set <= REASSERTIONS and _reasserted(sentence))
    ]
    verdict = _verdict(read, rebutting)
    lead = _lead(read) if verdict is not None else 0
    for claim_n in sorted(evidence_for):
        claim = story.claims[claim_n]
        best: tuple[str, int, str] | None = None  # relation, sentence, reason: made a Finding at the end
        for n in evidence_for[claim_n]:
            if n not in allowed:
                continue
            judged = _relation(claim, claim_n, read[n], index, read[n - 1] if n else None)
            if judged is None:
                continue
            # A sentence that denies something itself ("said it 'ran over no one'. He called the video a
            # fake.") is continued by the rebuttal after it, not rebutted; a verdict rules on the lead only.
            answer = _answering(read, n)
            rebutted = answer in rebutting and answer != verdict and (read[n].plain or claim.negative)
            after = read[answer] if rebutted else None
            if verdict is not None and n < lead:
                # The verdict is the article's word on its lead.
                judged = _checked(judged, read[n], read[verdict].text)
            elif judged[0] != "contradicts" and after:
                rebuttal = after.rebuttal or (_reasserted(after) if not read[n].plain else None)
                # Rejecting a reported act ("Havana rejected it") confirms it was made; calling a change
                # of status untrue ("... was arrested there. That was wrong.") leaves the claimed one.
                if rebuttal and judged[1].startswith(_CHANGED):
                    judged = "corroborates", f"its change of status called untrue right after: {after.text!r}"
                elif rebuttal and not (index.acts[claim_n] and rebuttal in DENIALS):
                    judged = "contradicts", f"called untrue right after: {after.text!r}"
            used.add(n)
            relation, reason = judged
            if best is None or _STRENGTH[relation] > _STRENGTH[best[0]]:
                best = relation, n, reason
        if best:
            findings.append(Finding(claim.id, best[0], read[best[1]].text, best[2]))
    developments = [
        NewDevelopment(read[n].text, reason)
        for n in sorted(allowed - used)
        if (reason := _development(index, read[n], claimed=bool(read[n].evidence_of))) is not None
    ]
    return Comparison(True, findings, developments, why)


def _other_actor_first(index: ClaimIndex, sentence: Sentence, claim: int) -> bool:
    """Whether another of the story's actors, none of the claim's, is named before the claim's words: the
    sentence is about that actor ("Maduro called on his supporters to rally"), not about the one the
    sentence before named."""
    first = min(start for start, _, found in sentence.matches if any(c == claim for c, _ in found.terms))
    own = index.named_by[claim]
    return any(word in index.actor_words and word not in own for word in sentence.words[:first])


def _answering_questions(read: list[Sentence]) -> dict[int, int]:
    """The sentences of an interview's answers (up to `ANSWER_REACH` after a question), each with its
    question: an interviewer's question is labelled ("Q: ...?", "P: ...?") or opened by a dash ("—¿...?"),
    as transcripts set them apart."""
    answering: dict[int, int] = {}
    for n, sentence in enumerate(read):
        text = sentence.text
        if text.endswith("?") and (
            not QUESTION_LABELS.isdisjoint(sentence.words[:1]) or text.lstrip()[:1] in ("—", "–")
        ):
            answering.update(dict.fromkeys(range(n + 1, min(n + 1 + ANSWER_REACH, len(read))), n))
    return answering


def _verdict(read: list[Sentence], rebutting: list[int]) -> int | None:
    """Where a fact check gives its verdict calling what it checked untrue ("Verdict: false.", "Veredicto:
    falso."): a short sentence opening with a verdict label and holding an untrue word (one of
    `rebutting`)."""
    for n in rebutting:
        if len(read[n].words) <= REBUTTAL_LENGTH and _labelled(read, n) and read[n].rebuttal:
            return n
    return None


def _labelled(read: list[Sentence], n: int) -> bool:
    """Whether sentence `n` opens with a verdict label, maybe after a possessive ("Our ruling: false."), or
    follows one standing alone ("CONCLUSIÓN. Engañoso.")."""
    if not VERDICTS.isdisjoint(read[n].words[:2]):
        return True
    before = read[n - 1].words if n else []
    return 0 < len(before) <= 2 and not VERDICTS.isdisjoint(before)


def _lead(read: list[Sentence]) -> int:
    """Where a fact check's lead (`LEAD` sentences: title and first) ends, past the labels in capitals
    opening its parts ("QUÉ SE DICE.", "THE CLAIM."), which state nothing."""
    n = 1
    while n < len(read) and len(read[n].words) <= LABEL_WORDS and read[n].text.isupper():
        n += 1
    return n + LEAD - 1


_REBUTTING = REBUTTALS | TRUE
_CHANGED = "status changed"
"""How the reason of an update by a change of status opens."""


def _answering(read: list[Sentence], n: int) -> int:
    """The sentence that may rebut sentence `n`: the next, or the one past a short question about it ("Is
    that so?", "¿Es así?"), by which an interviewer puts a report to the one who answers."""
    after = n + 1
    if after < len(read) and len(read[after].words) <= REBUTTAL_LENGTH and read[after].text.endswith("?"):
        return after + 1
    return after


def _reasserted(sentence: Sentence) -> str | None:
    """The verb of a sentence that only asserts what the negated one before denies ("It was.")."""
    words = sentence.words
    if 0 < len(words) <= 3 and words[-1] in REASSERTING_VERBS and sentence.word_set <= REASSERTIONS:
        return words[-1]
    return None


def _checked(judged: tuple[str, str], sentence: Sentence, verdict: str) -> tuple[str, str]:
    """What a fact check's lead says of a claim once its verdict calls the lead untrue: a plain sentence
    reports what was checked, so what agreed with the claim contradicts it, and what contradicted it ("a
    post claims five were shot dead", against "no deaths") agrees with it. A lead that negates or denies
    ("No, five were not shot dead") states the check's own conclusion, which the verdict repeats."""
    if not sentence.plain:
        return judged
    if judged[0] == "corroborates":
        return "contradicts", f"the article's verdict: {verdict!r}"
    if judged[0] == "contradicts":
        return "corroborates", f"reported, and the article's verdict is {verdict!r}"
    return judged


def _language(read: list[Sentence]) -> str:
    """ "es" or "en" by each sentence's distinct common words: enough to tell, cheaper than counting."""
    spanish = sum(len(SPANISH & s.word_set) for s in read)
    english = sum(len(ENGLISH & s.word_set) for s in read)
    return "es" if spanish > english else "en"


def _allowed(read: list[Sentence], sentences: list[str] | None) -> set[int]:
    if sentences is None:
        return set(range(len(read)))
    wanted = {tuple(words(s)) for s in sentences}
    return {n for n, sentence in enumerate(read) if tuple(sentence.words) in wanted}


# Relation ---------------------------------------------------------------------------------------------------


def _relation(
    claim: Claim, n: int, sentence: Sentence, index: ClaimIndex, before: Sentence | None
) -> tuple[str, str] | None:
    hits = sentence.hits[n]
    terms = [h for h in hits if h.role == "term"]
    if claim.entities and not RECEIVING.isdisjoint(sentence.word_set) and not _giver_named(sentence, hits):
        return None  # the entity receives what the claim says it gave
    contrary = [h for h in hits if h.role == "contrary"] if claim.contrary else []  # most claims have none
    distinctive = bool(claim.distinctive) and any(h.role == "distinctive" for h in hits)
    if claim.distinctive and not contrary and not distinctive:
        return None  # "men with rifles": neither side of the claim's contrast ("M4, not AK-103")
    if contrary and not distinctive:
        subject = index.subject[n]
        # The claim's subject may be a pronoun for the sentence before ("... show them holding AK-103s").
        referred = before.stems if before and not PRONOUNS.isdisjoint(sentence.word_set) else []
        if subject is not None and subject.isdisjoint(sentence.stems) and subject.isdisjoint(referred):
            return None  # restates the claim's own contrast ("the army's standard rifle is the AK-103")
        return "contradicts", f"says {sentence.said(contrary[0])!r} where the claim says otherwise"
    denial: str | None = None
    refuted: set[int] = set()
    negation: str | None = None
    untrue: int | None = None
    if not sentence.plain:
        denial, refuted = _denial(sentence, terms, index.acts[n], index.own[n])
        # Negating the claim's contrary words agrees with it ("M4 carbines, not the AK-103").
        contrary_at = {h.start for h in contrary}
        negatable = [h for h in terms if h.start not in contrary_at] if contrary else terms
        untrue = _untrue(sentence, negatable, bool(index.acts[n]))
        negation = (
            sentence.words[untrue]
            if untrue is not None
            else _negation(sentence, terms, negatable, bool(index.acts[n]))
        )
    if claim.negative:
        said = negation or (denial if denial and denial != "unrelated" else None)
        if said:
            return "corroborates", f"negated as in the claim ({said!r} with {sentence.said(terms[0])!r})"
        admitted = bool(claim.entities) and not ADMISSIONS.isdisjoint(sentence.word_set)
        if (claim.entities and not admitted) or _near(sentence.hypothetical, terms, before=NEGATION_REACH):
            return None  # a hypothetical, or someone's denial mentioned without being refuted
        if admitted:
            return "contradicts", f"admits {sentence.said(terms[0])!r} where the claim denies it"
        return "contradicts", f"reports {sentence.said(terms[0])!r} where the claim says there was none"
    change = _status_change(index, n, sentence, terms) if claim.status else None
    if claim.figure:
        figures = figures_of(sentence, n, terms, index)
        if figures:
            whole = not WHOLE_COUNTS.isdisjoint(sentence.word_set)
            figures, changed = stated_change(sentence, figures)
            relation = compare_figures(
                claim.figure, figures, sentence.update_cue, changed, refuted, whole, index.totals.get(n)
            )
            if relation is None:
                return None
            if relation[0] == "corroborates" and change:
                # The change must concern what is counted: in "López moved to the Spanish residence, and
                # 25 soldiers sought asylum", "moved" is López's, not the soldiers'.
                at = [position for position, _, q in sentence.quantities if q in figures]
                change = _status_change(index, n, sentence, terms, clause_of=at)
            if relation[0] == "corroborates" and change:
                return "updates", f"{_CHANGED}: {change!r} (claim: {claim.status[0]!r})"
            if relation[0] == "corroborates" and untrue is not None:
                # "Reports that only 30 soldiers joined him are false": the figure is called untrue.
                return "contradicts", f"{relation[1]}, called {sentence.words[untrue]!r}"
            return relation
        if claim.figure.bound == "max" and negation:
            # "Not a single unit joined them": none beyond the claim's few, within its ceiling; a negated
            # verb ("never meant to join") counts nobody.
            if _says_none(sentence):
                return "corroborates", f"none said, within the claim's ceiling: {sentence.said(terms[0])!r}"
            return None
        if denial and not negation:
            if _denies_any(sentence, terms):
                return "contradicts", f"denies that any were ({denial!r}), whatever the count"
            return None  # a denial of something said of someone, not of the count
        if negation and untrue is None and claim.figure.unit not in MEASURES and not _says_none(sentence):
            return None  # "López has not been arrested": one person's case, not the count
    if denial == "unrelated":
        return None  # the claim reports an act; the denial is of some other fact
    if negation or denial:
        return "contradicts", f"negation or denial {(negation or denial)!r} about {sentence.said(terms[0])!r}"
    if change:
        return "updates", f"{_CHANGED}: {change!r} (claim: {claim.status[0]!r})"
    if claim.figure:
        return None  # the claim is a figure and the sentence states none of it
    if _aimed_elsewhere(sentence, n, terms):
        return None  # "protests that followed Guaidó's call for a military uprising": not a call for them
    matched = ", ".join(dict.fromkeys(sentence.said(h) for h in hits if h.role in ("term", "entity")))
    return "corroborates", f"same fact: {matched}"


_AIMS = ("for", "a")
"""The word after a claim's word naming what it is for, in English and in Spanish."""
AIM_REACH = 3
"""How many words after "for" ("call for a military uprising") name what a claim's word is for."""


def _aimed_elsewhere(sentence: Sentence, n: int, terms: list[Hit]) -> bool:
    """Whether a claim's word is for something another claim names and this one does not ("Guaidó's call
    for a military uprising", "llamado a la rebelión"), with the claim's other words only before it: those
    are not what it was for ("protests that followed Guaidó's call for a military uprising")."""
    words, aims = sentence.words, _AIMS[sentence.lang == "es"]
    for hit in terms:
        if hit.end >= len(words) or words[hit.end] != aims:
            continue
        others = [h.start for h in terms if h.group != hit.group]
        if not others or max(others) > hit.start:
            continue
        aimed = set().union(*(sentence.term_starts(i) for i in range(hit.end + 1, hit.end + 1 + AIM_REACH)))
        if aimed and n not in aimed:
            return True
    return False


def _denies_any(sentence: Sentence, terms: list[Hit]) -> bool:
    """Whether a denial of the claim's words denies that any were counted ("denied that any soldiers had
    sought refuge", "negó que algún militar"): then it refutes the count, whatever its figure."""
    return any(
        any(start <= h.start < end for h in terms) and not ANY.isdisjoint(sentence.words[start:end])
        for _, start, end in sentence.denials
    )


def _says_none(sentence: Sentence) -> bool:
    """Whether a negation says none of something ("no battalion", "ningún comandante", "not a single
    unit"), not that something was not done."""
    words = sentence.words
    return any(
        words[i] in NONE or (words[i] == "not" and words[i + 1 : i + 3] in (["a", "single"], ["one", "of"]))
        for i in sentence.negations
    )


def _giver_named(sentence: Sentence, hits: list[Hit]) -> bool:
    """Whether, where the claim's word is received ("won the backing of"), an entity follows as the giver."""
    received = [
        h.start
        for h in hits
        if h.role == "term" and not RECEIVING.isdisjoint(sentence.words[max(0, h.start - 3) : h.start])
    ]
    return not received or any(h.role == "entity" and h.start > received[0] for h in hits)


def _denial(
    sentence: Sentence, terms: list[Hit], acts: frozenset[str], own: frozenset[tuple[str, ...]]
) -> tuple[str | None, set[int]]:
    """The denial verb refuting the claim's words here, "unrelated" when the claim reports an act and the
    denial is of some other fact, or None; and the offsets of the numbers the denials dispute.

    A denial covers its own clause ("denied reports that López was arrested, saying he remained a guest"
    refutes the arrest, not the stay). Rejecting an act ("dismissed the US president's threat") confirms
    that it was made, so that a denial of some other fact beside it is no longer "unrelated" ("rejected
    Trump's threat, denying that Cuba has troops there"); denying a change of status ("denied that he had
    left the embassy") leaves the claimed status standing: neither refutes the claim."""
    refuted: set[int] = set()
    denied: tuple[int, int, int] | None = None
    act_confirmed = False
    own_words = {h.start for h in terms}
    for at, start, end in sentence.denials:
        if at in own_words:
            continue  # the claim's own verb ("rechazó el golpe": condemned it), not a denial
        if start > at and _rejects_act(sentence, at):
            act_confirmed = True
            continue
        if start > at and _change_within(sentence, start, end, own, terms):
            continue
        refuted |= {q.offset for position, _, q in sentence.quantities if start <= position < end}
        if denied is None and any(start <= h.start < end for h in terms):
            denied = (at, start, end)
    if denied is None:
        return None, refuted
    at, start, end = denied
    if acts and acts.isdisjoint(sentence.stems[start:end]):
        return None if act_confirmed else "unrelated", refuted
    return sentence.words[at], refuted


def _rejects_act(sentence: Sentence, at: int) -> bool:
    """Whether the denial verb at `at` takes an act as its object ("rejected Trump's threat"): an act noun
    after a determiner or possessor, before any "that" opening a reported fact."""
    for i in range(at + 1, min(at + 1 + OBJECT_REACH, len(sentence.words))):
        word = sentence.words[i]
        if word in RELATIVES:
            return False
        if word in ACT_NOUNS:
            return i > at + 1
    return False


def _change_within(
    sentence: Sentence, start: int, end: int, own: frozenset[tuple[str, ...]], terms: list[Hit]
) -> bool:
    """Whether a status word other than the claim's own stands between `start` and `end`; not one of the
    claim's words ("leave" in "rejected the assertion that Maduro was about to leave Venezuela"), which
    the denial then refutes."""
    said = {i for h in terms for i in range(h.start, h.end)}
    return any(
        found.change is not None and found.change not in own and start <= i < end and i not in said
        for i, _, found in sentence.matches
    )


def _untrue(sentence: Sentence, negatable: list[Hit], act: bool) -> int | None:
    """Where "false" or "fake" is said of the claim's words: near them and not across a comma ("the video
    was doctored, puts arrests at eleven" leaves the arrests alone), or of their clause. When the claim
    reports an act (`act`), an untrue word said of the act named before it ("a threat Havana called a
    lie") disputes what was said, which confirms it was said."""
    for hit in negatable:
        for i in sentence.untrue:
            near = hit.start - UNTRUE_REACH <= i < hit.end + UNTRUE_REACH
            near = near or _report_called_untrue(sentence, i, hit.start)
            if near and not sentence.punctuated(i, hit.start) and not (act and _of_act(sentence, i)):
                return i
    return _called_untrue(sentence, negatable)


REPORT_REACH = 3
"""How many words after an untrue word the report it names may stand ("called fake the footage")."""


def _report_called_untrue(sentence: Sentence, i: int, at: int) -> bool:
    """Whether the untrue word at `i` names a report told after it, at word `at` however far ("tildó de
    montaje el video difundido por canales privados en el que una tanqueta arrolla a manifestantes")."""
    words = sentence.words
    return at > i and not REPORT_NOUNS.isdisjoint(words[i + 1 : min(i + 1 + REPORT_REACH, at)])


def _of_act(sentence: Sentence, at: int) -> bool:
    """Whether an act noun ("threat", "amenaza") stands shortly before word `at`."""
    return not ACT_NOUNS.isdisjoint(sentence.words[max(0, at - UNTRUE_REACH) : at])


def _nobody_said(sentence: Sentence, i: int, at: int) -> bool:
    """Whether the negation at `i` says nobody ("nobody", "no one", "nadie") after a reporting verb; in
    Spanish, a "no" whose "nadie" follows it before word `at` does ("no entraría nadie")."""
    words = sentence.words
    concord = words[i] == "no" and not NOBODY.isdisjoint(words[i + 1 : at])
    nobody = words[i] in NOBODY or words[i : i + 2] == ["no", "one"] or concord
    return nobody and not REPORTING.isdisjoint(words[:i])


def _negation(sentence: Sentence, terms: list[Hit], negatable: list[Hit], act: bool) -> str | None:
    """The word that negates the claim's words here (`negatable` of its `terms`): a negation just before
    them ("did not condemn") or after ("deaths were avoided"). A negation inside a condition ("if Cuba does
    not end its support") or before a risk ("without risking arrest") negates nothing, nor one in a clause
    without the claim's other words ("denying that Cuba has troops there and saying it will not abandon its
    ally"). Nor does one that limits them ("never spread beyond a stretch of highway": only there), nor,
    when the claim reports an act (`act`), a "nobody" inside what was said ("warned that nobody will enter
    by force"): the act's own words, not a denial of them ("said there will be no embargo" is one)."""
    groups = {h.group for h in terms}
    for hit in negatable:
        for i in sentence.negations:
            if i >= hit.start:
                continue
            following = sentence.words[i + 1 : i + 2]
            completing = _determiner(sentence.words, i) if following and following[0] in _FIRSTS else 0
            between = sentence.words[i + 1 + completing : hit.start]
            # Particles do not count toward the reach ("no se trata de un golpe"), nor the negation's own.
            reach = NEGATION_REACH + completing + sum(w in LIGHT_WORDS for w in between)
            if (
                (hit.start - reach <= i or _list_negates(sentence, i, hit.start))
                and not any(w in HYPOTHETICAL or w in LIMITS for w in between)
                and (len(groups) == 1 or _clause_holds(sentence, hit.start, terms, groups))
                and not (act and _nobody_said(sentence, i, hit.start))
            ):
                return sentence.words[i]
    after = _near(sentence.after_negations, negatable, before=0, after=3)
    return sentence.words[after] if after is not None else None


_DETERMINERS = (("any",), ("a", "single"), ("un", "solo"), ("una", "sola"))
"""Words completing a negation ("without any deaths", "not a single person", "ni un solo herido")."""
_FIRSTS = frozenset(d[0] for d in _DETERMINERS)


def _determiner(words: list[str], i: int) -> int:
    """How many words after the negation at `i` are part of it: they neither count toward its reach nor
    make it a hypothetical ("any")."""
    return next((len(d) for d in _DETERMINERS if tuple(words[i + 1 : i + 1 + len(d)]) == d), 0)


def _list_negates(sentence: Sentence, i: int, at: int) -> bool:
    """Whether the negation at `i` closes a negated list ("neither the Red Cross nor the hospitals", "ni
    X, ni Y") whose clause goes on to word `at`, however far: the list is the subject or object of that
    clause's verb ("... recorded deaths"), which it negates."""
    words = sentence.words
    if i >= at or words[i] not in CORRELATIVES or LIST_OPENERS.isdisjoint(words[:i]):
        return False
    between = words[i + 1 : at]
    listed = CORRELATIVES.isdisjoint(between) and CLAUSE_BREAKS.isdisjoint(between)
    return listed and sentence.same_clause(i, at)


def _clause_holds(sentence: Sentence, at: int, terms: list[Hit], groups: set[int]) -> bool:
    """Whether the clause around word `at` (between clause breaks) holds a word of each of `groups`."""
    words = sentence.words
    start = max((j + 1 for j in range(at) if words[j] in CLAUSE_BREAKS), default=0)
    end = next((j for j in range(at, len(words)) if words[j] in CLAUSE_BREAKS), len(words))
    return {h.group for h in terms if start <= h.start < end and sentence.same_clause(h.start, at)} == groups


def _called_untrue(sentence: Sentence, terms: list[Hit]) -> int | None:
    """An untrue word said, after a copula, of its whole clause before it, however long: "claims that an
    armored vehicle ran over protesters near the base on Tuesday were a lie" (as "were denied" is). An
    article and a modifier may stand between ("was a vulgar manipulation", "were simply false"), not a
    negation ("is not false")."""
    words = sentence.words
    for i in sentence.untrue:
        between = words[max(0, i - 1 - UNTRUE_MODIFIERS) : i]
        copula = next((i - k for k in range(1, len(between) + 1) if words[i - k] in PASSIVE), 0)
        if copula < 1 or not NEGATIONS.isdisjoint(words[copula:i]):
            continue
        breaks = [j + 1 for j in range(copula) if words[j] in CLAUSE_BREAKS]
        start = max([0, *breaks, *(j for j in sentence.clause_starts if j <= copula)])
        if any(start <= h.start < copula for h in terms):
            return i
    return None


def _near(positions: list[int], terms: list[Hit], before: int, after: int = 0) -> int | None:
    """The first of `positions` within reach of one of the claim's words."""
    for hit in terms:
        for i in positions:
            if hit.start - before <= i < hit.end + after:
                return i
    return None


def _status_change(
    index: ClaimIndex, n: int, sentence: Sentence, terms: list[Hit], clause_of: list[int] | None = None
) -> str | None:
    """A status word near the claim's words that is not the claim's own status ("left", "arrested"), nor
    the status another claim this sentence is evidence for states (in "López left the Chilean residence and
    moved to the Spanish embassy", "moved" is a move the story claims, not news for the Chilean claim), nor
    negated, nor a status left behind ("freed from house arrest", "slipped out of house arrest", "after
    leaving the rally"), nor one not (yet) taken ("would impose", "threatened to impose", "ordered his
    arrest"), nor refuted by a denial ("denied reports that he
    was arrested"), nor a move to the claim's own place ("fled to the embassy"), nor one past a semicolon
    from the claim's words; with `clause_of`, only one in the clause of one of those word positions."""
    known = [index.status[other] for other in sentence.evidence_of if other != n]
    known.append(index.own[n])
    denied = [(start, end) for _, start, end in sentence.denials]
    # A semicolon joins two statements ("López, guest of the Chilean embassy; eleven arrested in Caracas").
    joined = ";" in sentence.folded
    for start, end, found in sentence.matches:
        if found.change is None or any(found.change in own for own in known):
            continue
        if not any(
            abs(start - h.start) <= STATUS_REACH and not (joined and sentence.punctuated(start, h.start, ";"))
            for h in terms
        ):
            continue
        if _arrives(sentence, found.change, end) and _toward_claim(sentence, n, end):
            continue
        if clause_of is not None and not any(sentence.same_clause(start, at) for at in clause_of):
            continue
        before = sentence.words[max(0, start - 3) : start]
        negated = not NEGATIONS.isdisjoint(before) or not FORMER.isdisjoint(before[-2:])
        escaped = not ESCAPES.isdisjoint(before)
        unrealised = not UNREALISED.isdisjoint(before[-2:]) or not CONDITIONS.isdisjoint(
            sentence.words[max(0, start - CONDITION_REACH) : start]
        )
        if not (negated or escaped or unrealised) and not any(s <= start < e for s, e in denied):
            return " ".join(sentence.words[start:end])
    return None


_ARRIVALS = frozenset(phrase for word in ARRIVALS for phrase in variants(word))
CONDITION_REACH = 4
"""How many words before a status word a condition ("unless", "si") still makes it one not taken."""
DESTINATION_REACH = 4
"""How many words after a move its destination is named in ("arrived at the embassy")."""


def _arrives(sentence: Sentence, change: tuple[str, ...], end: int) -> bool:
    """Whether a status change ending before word `end` is a move to somewhere: an arrival, or a change
    said with where it went ("fled to the embassy", "left for Madrid"; "fled the residence" leaves it)."""
    return change in _ARRIVALS or (end < len(sentence.words) and sentence.words[end] in TOWARD)


def _toward_claim(sentence: Sentence, n: int, end: int) -> bool:
    """Whether a move ends at claim `n`'s place: the words after it name a term of the claim and none of
    other claims only ("moved to the Spanish embassy" is no arrival at the Chilean one)."""
    ahead = [
        {claim for claim, _ in found.terms}
        for start, _, found in sentence.matches
        if end <= start < end + DESTINATION_REACH and found.terms
    ]
    return bool(ahead) and all(n in claims for claims in ahead)


# New developments -------------------------------------------------------------------------------------------


def _development(index: ClaimIndex, sentence: Sentence, claimed: bool) -> str | None:
    """Why a sentence is news (a death, an arrest, a refuge, sanctions, defections), or None. A sentence
    holding a claim's evidence (`claimed`) concerns that claim, even when no relation could be decided:
    a figure there is the claim's ("has risen to 109, up from 59"); without one, a name the story does
    not know still makes it news ("agents detained lawmaker Edgar Zambrano")."""
    for start, end, found in sentence.matches:
        if not found.developments:
            continue
        if any(start - NEGATION_REACH <= i < start for i in sentence.negations):
            continue
        kind = found.developments[0]
        quantity = next((q for _, _, q in sentence.quantities), None)
        if quantity and claimed:
            return None
        name = None if quantity else _new_name(index, sentence)
        if quantity or name:
            detail = f"figure {quantity.text!r}" if quantity else f"names {name}"
            return f"{kind}: {' '.join(sentence.words[start:end])!r}, {detail}"
    return None


# A name after a lower-case word or a comma (not the sentence's first word); matching that character rather
# than looking behind for it lets the regular expression skip ahead to the candidates.
_NAME = re.compile(r"[a-z,;:] ([A-ZÁÉÍÓÚÑ][\wáéíóúñ]+(?: [A-ZÁÉÍÓÚÑ][\wáéíóúñ]+)*)")


def _new_name(index: ClaimIndex, sentence: Sentence) -> str | None:
    """A capitalised name inside the sentence that the story does not already know, nor its claims' words
    ("Chilean", "Spanish") found in the sentence."""
    matched: set[str] | None = None
    for match in _NAME.finditer(sentence.text):
        name = match.group(1)
        parts = fold(name).split()
        if " ".join(parts) in index.known or any(part in index.known for part in parts):
            continue
        if matched is None:
            matched = {word for start, end, _ in sentence.matches for word in sentence.words[start:end]}
        if matched.isdisjoint(parts):
            return name
    return None
