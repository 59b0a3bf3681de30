"""Attributed statements: who said what, by which verb, through which channel, and when.

Built on spaCy's dependency parse. A statement hangs on a cue: a verb of saying, thinking or
taking a stand ("said", "told", "warned", "believes", "denied", "called for", "according to")
whose subject is the speaker and whose content is, in this order:

- the quotation the cue introduces or closes ("“...,” she said", "he said: “...”"), whole even
  when it runs over several sentences, but never across a sentence break or another verb;
- the part of the sentence the cue interrupts ("Too often, he said, the debate is tribal");
- its clause ("said that prices would rise", "told CNN prices would rise");
- its object, for verbs whose object is the message ("denied the report", "called for a ban");
- the clause before it ("Prices will rise, the minister said").

The speaker is the subject, followed through "adding", "by saying" and relative clauses
("Democrats, who argued"), or, when the parser put the subject inside a quotation, the name
between the quotation and the cue. Not statements: a cue inside a quotation or inside another
statement's content (the article vouches only for the outer one), questions and hypotheticals
("if she says", "he might claim"). "“...,” the statement adds" has no new speaker: it
continues the statement before it and takes its speaker.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

CUE_LEMMAS = frozenset(
    [
        "say",
        "tell",
        "add",
        "state",
        "claim",
        "announce",
        "report",
        "write",
        "tweet",
        "explain",
        "note",
        "insist",
        "argue",
        "warn",
        "suggest",
        "confirm",
        "deny",
        "acknowledge",
        "admit",
        "reply",
        "respond",
        "declare",
        "predict",
        "testify",
        "allege",
        "assert",
        "contend",
        "maintain",
        "recall",
        "reveal",
        "promise",
        "vow",
        "estimate",
        "conclude",
        "complain",
        "urge",
        "emphasize",
        "stress",
        "believe",
        "think",
        "know",
        "learn",
        "accuse",
        "describe",
        "quip",
        "joke",
        "boast",
        "concede",
        "caution",
        "predict",
        "ask",
        "worry",
        "fear",
        "understand",
        "assume",
        "wish",
        "hear",
        "indicate",
        "show",
        "find",
    ]
)
# Verbs whose object is what was said: "called for a ban", "criticized the deal".
OBJECT_CUES = frozenset(
    [
        "endorse",
        "accuse",
        "condemn",
        "denounce",
        "observe",
        "chronicle",
        "liken",
        "signal",
        "refuse",
        "want",
        "plan",
        "back",
        "oppose",
        "propose",
        "pledge",
        "recommend",
        "dispute",
        "reject",
        "cite",
        "note",
        "mention",
        "announce",
        "criticize",
        "criticise",
        "blast",
        "defend",
        "demand",
        "question",
        "deny",
        "acknowledge",
        "admit",
        "describe",
        "discuss",
        "promise",
        "call",
        "praise",
        "slam",
        "attack",
        # Acts of public communication and stance whose object is the message.
        "agree",
        "unleash",
        "reference",
        "highlight",
        "express",
        "detail",
        "invoke",
        "unveil",
        "issue",
        "promote",
        "mock",
        "tout",
        "publish",
        "retweet",
        "proclaim",
        "endorse",
        "hope",
        "seek",
        "point",
        "rule",
        "encourage",
        "decline",
        "deliver",
        "link",
        "compare",
        "paint",
        "recognize",
        "persuade",
        "weigh",
        "identify",
        "outline",
        "blame",
        "refer",
        "lament",
        "downplay",
        "brag",
        "hail",
        "chastise",
        "thank",
        "grill",
        "document",
        "expect",
        "offer",
        "decide",
        "view",
        "echo",
        # Verbs of saying whose object can be the message too ("stressed her support").
        "show",
        "find",
        "indicate",
        "stress",
        "emphasize",
        "explain",
        "claim",
        "believe",
        "conclude",
        "complain",
        "reveal",
        "declare",
        "warn",
    ]
)
CHANNEL_NOUNS = frozenset(
    [
        "statement",
        "tweet",
        "interview",
        "post",
        "letter",
        "speech",
        "release",
        "report",
        "email",
        "e-mail",
        "video",
        "message",
        "press",
        "conference",
        "broadcast",
        "op-ed",
        "column",
        "memo",
        "briefing",
        "testimony",
    ]
)
CHANNEL_PROPER = frozenset({"twitter", "facebook", "instagram", "telegram", "youtube", "tv"})
_SPEAKER_DEPS = ("nsubj",)
_PRONOUNS = frozenset({"he", "she", "they", "it", "i", "we", "you", "who", "which", "that"})


@dataclass(frozen=True, slots=True)
class RawStatement:
    """A statement as character spans of the text; resolved to parties later."""

    speaker_start: int
    speaker_end: int
    cue: str
    cue_start: int
    content_start: int
    content_end: int
    quoted: bool
    channel: str | None
    date_span: tuple[int, int] | None
    continues: bool  # "the statement adds": the speaker is the previous statement's


def _span(tokens: list[Token]) -> tuple[int, int]:
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _subtree(token: Token) -> list[Token]:
    return sorted(token.subtree, key=lambda t: t.i)


def _trim(tokens: list[Token]) -> list[Token]:
    """Drop leading and trailing punctuation and quote marks from a span."""
    while tokens and (tokens[0].is_punct or tokens[0].is_space):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space):
        tokens = tokens[:-1]
    return tokens


def _in_clause_below(token: Token, top: Token) -> bool:
    """Whether ``token`` sits in a relative clause or apposition hanging below ``top``."""
    while token != top:
        if token.dep_ in ("relcl", "acl"):
            return True
        token = token.head
    return False


_RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})


def _noun_without_clauses(noun: Token) -> list[Token]:
    """A noun phrase without the relative clause or apposition that follows it."""
    return _trim([t for t in _subtree(noun) if not _in_clause_below(t, noun)])


def _relative_speaker(pronoun: Token, clause: Token) -> list[Token]:
    """ "Democrats, who have argued ...": the antecedent through the pronoun, as one span."""
    antecedent = _noun_without_clauses(clause.head)
    if not antecedent or antecedent[0].i > pronoun.i:
        return [pronoun]
    return list(pronoun.doc[antecedent[0].i : pronoun.i + 1])


def _paragraph_between(a: Token, b: Token) -> bool:
    start, end = sorted((a.i, b.i))
    return any("\n" in t.text for t in a.doc[start:end])


def _speaker_after_quote(cue: Token) -> list[Token]:
    """ "“...,” Flynn, a top Trump surrogate, said": the words between the quotation and the cue.

    The parser often hangs such a name on the quotation; the layout itself says who spoke.
    """
    doc = cue.doc
    words: list[Token] = []
    for token in reversed(doc[max(0, cue.i - 12) : cue.i]):
        if token.text in ("”", '"', "''"):
            break
        if token.pos_ in ("VERB", "AUX") or "\n" in token.text:
            return []
        words.insert(0, token)
    else:
        return []
    words = _trim(words)
    if words and any(t.pos_ in ("PROPN", "PRON", "NOUN") for t in words):
        return words
    return []


def _speaker(cue: Token) -> list[Token]:
    """Who the cue's statement is by: its subject, unless the parser found that in a quotation."""
    subject = _subject(cue)
    if subject:
        start = subject[0].idx
        if not any(a <= start < b for a, b in _quotes(cue.sent)):
            return subject
    return _speaker_after_quote(cue) or subject


def _subject(cue: Token) -> list[Token]:
    """The subject of the cue, found through the verbs it is coordinated with or hangs on.

    "who said" gives the noun the relative clause hangs on with the pronoun ("Democrats, who");
    "by saying" and "adding" give the subject of the verb they depend on.
    """
    verb = cue
    for _ in range(3):
        candidates = [c for c in verb.children if c.dep_ in _SPEAKER_DEPS]
        # A name the parser left unattached before the verb ("With her film, DuVernay documents").
        candidates = candidates or [
            c for c in verb.children if c.dep_ == "dep" and c.pos_ == "PROPN" and c.i < verb.i
        ]
        # A dateline parsed as a second subject ("12:15 p.m.\n\nTrump says"): the nearest wins.
        subjects = sorted(
            candidates, key=lambda c: (_paragraph_between(c, verb), abs(c.i - verb.i))
        )
        for child in subjects[:1]:
            if child.lower_ in _RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                return _relative_speaker(child, verb)
            return _noun_without_clauses(child)
        for child in verb.children:
            if child.dep_ == "agent":
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if objects:
                    return _trim(_subtree(objects[0]))
        if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.pos_ in ("VERB", "AUX"):
            verb = verb.head
        elif verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.head.pos_ == "VERB":
            verb = verb.head.head
        elif verb.dep_ == "xcomp" and verb.head.pos_ == "ADJ" and verb.head.head.pos_ == "AUX":
            verb = verb.head.head  # "he was able to tout", "she is ready to announce"
        else:
            break
    return []


def _quotes(sentence: Span) -> list[tuple[int, int]]:
    """Character spans of the quotations that touch a sentence (inside the marks).

    Quotations are found over the whole text, so one that runs over several sentences comes
    back whole ("“A. B,” she said" gives "A. B").
    """
    start, end = sentence.start_char, sentence.end_char
    regions = _doc_quotes(sentence.doc)
    first = bisect_right([b for _, b in regions], start)
    found = []
    for a, b in regions[first:]:
        if a >= end:
            break
        if b - a >= 3:
            found.append((a, b))
    return found


def _doc_quotes(doc: Doc) -> list[tuple[int, int]]:
    """``quoted_regions`` of the parsed text, computed once per text (in order, disjoint)."""
    cached = doc.user_data.get(_QUOTES_KEY)
    if cached is None:
        cached = quoted_regions(_doc_text(doc))
        doc.user_data[_QUOTES_KEY] = cached
    regions: list[tuple[int, int]] = cached
    return regions


def _doc_text(doc: Doc) -> str:
    """The parsed text; spaCy joins its tokens anew at every ``doc.text``."""
    cached = doc.user_data.get(_TEXT_KEY)
    if cached is None:
        cached = doc.text
        doc.user_data[_TEXT_KEY] = cached
    text: str = cached
    return text


def _quote_at(regions: list[tuple[int, int]], starts: list[int], offset: int) -> bool:
    """Whether ``offset`` lies inside one of the disjoint, ordered ``regions``."""
    i = bisect_right(starts, offset) - 1
    return i >= 0 and offset < regions[i][1]


_QUOTES_KEY = "watchkeeper.quoted_regions"
_TEXT_KEY = "watchkeeper.text"


_OBJECT_PREPS = frozenset({"for", "to", "with", "about", "against", "of", "on"})


def _content(cue: Token, sentence: Span) -> tuple[tuple[int, int], bool] | None:
    quotes = _attached_quotes(cue, sentence)
    if cue.dep_ in ("advcl", "conj", "xcomp", "pcomp"):
        # "“...,” she said, adding that ...": the quotation is the first verb's; the second
        # one says what its own complement says.
        own = [_span(_subtree(c)) for c in cue.children if c.dep_ in ("ccomp", "dobj", "xcomp")]
        if own:
            quotes = [(a, b) for a, b in quotes if any(s <= a and b <= e for s, e in own)]
    # A quoted title or catchphrase ("an episode of “Shark Tank.”") is not the statement.
    spoken = [(a, b) for a, b in quotes if len(_doc_text(sentence.doc)[a:b].split()) >= 4]
    if spoken:
        return (spoken[0][0], spoken[-1][1]), True
    if quotes and not any(c.dep_ == "ccomp" for c in cue.children):
        return (quotes[0][0], quotes[-1][1]), True
    neighbour = _neighbouring_quote(cue, sentence)
    if neighbour is not None:
        return neighbour, True
    passive = [c for c in cue.children if c.dep_ == "nsubjpass"]
    if passive and any(c.dep_ == "agent" for c in cue.children):
        # "The issue was first reported by The Post": what was reported is the subject.
        return _span(_trim(_subtree(passive[0])) or [passive[0]]), False
    interrupted = _interrupted_clause(cue, sentence)
    if interrupted is not None:
        return interrupted, False
    for child in cue.children:
        if child.dep_ == "parataxis" and _is_cue(child):
            continue  # "Back home, Mr. Clarke said, he decided ...": the cue's own attribution
        if child.dep_ in ("ccomp", "parataxis") or (child.dep_ == "xcomp" and cue.lemma_ != "ask"):
            tokens = _trim(_subtree(child))
            if tokens and tokens[0].dep_ == "mark" and tokens[0].lower_ in ("that", "if"):
                tokens = tokens[1:]
            if len(tokens) >= 2:
                return _span(tokens), False
    if _lemma(cue) in OBJECT_CUES:
        # What was endorsed, cited or called for: the object first ("cited it as an example"),
        # then a preposition the verb takes ("called for", "pointed to"), not a setting
        # ("in July", "despite his disdain", "as a potential secretary").
        named = [c for c in cue.children if c.dep_ == "oprd"]
        if named:
            # "called him a master at deals", "has been called a charlatan": the name given.
            start = min(
                [named[0], *(c for c in cue.children if c.dep_ == "dobj")], key=lambda t: t.i
            )
            tokens = _trim([t for t in cue.doc[start.left_edge.i : named[0].right_edge.i + 1]])
            if tokens:
                return _span(tokens), False
        objects = [c for c in cue.children if c.dep_ == "dobj"]
        objects += [c for c in cue.children if c.dep_ == "prep" and c.lower_ in _OBJECT_PREPS]
        objects += [c for c in cue.children if c.dep_ == "xcomp"]
        for child in objects:
            tokens = _trim(_subtree(child))
            if len(tokens) >= 2 or (
                child.dep_ == "dobj" and child.pos_ in ("PROPN", "PRON", "NOUN")
            ):
                return _span(tokens), False
    if _lemma(cue) in ("say", "think"):
        # "said as much", "said the same of Trump", "what Liz Wahl said", "doesn't think so".
        for child in cue.children:
            if child.dep_ == "dobj" or (child.dep_ == "advmod" and child.lower_ == "so"):
                return _span(_trim(_subtree(child)) or [child]), False
    # Not for a cue in a subordinate clause ("..., after he admitted"): the main clause is the
    # writer's, not the speaker's.
    if cue.dep_ == "parataxis" or (cue.dep_ == "ROOT" and cue.i > sentence.start + 2):
        # "Prices will rise, he said": the clause the cue interrupts is what was said.
        before = _trim([t for t in sentence if t.i < cue.i and t not in _speaker(cue)])
        # Only a clause of its own, not the cue's auxiliaries ("did not immediately respond").
        clause = any(t.pos_ in ("VERB", "AUX") and t.head != cue for t in before)
        if len(before) >= 3 and clause:
            return _span(before), False
    return None


def _interrupted_clause(cue: Token, sentence: Span) -> tuple[int, int] | None:
    """ "Too often, Mr. Clarke said, the debate is tribal": the longer side of the statement.

    A cue set between commas inside what was said (a parenthetical "he said", or "X, he noted,
    that Y") splits the content in two; the longer part carries the claim.
    """
    complements = [c for c in cue.children if c.dep_ == "ccomp"]
    around = complements and min(c.i for c in complements) < cue.i < max(c.i for c in complements)
    # "Hawaii, as one adviser pointed out, rarely gets two hurricanes."
    as_clause = (
        cue.dep_ == "advcl"
        and any(c.dep_ == "mark" and c.lower_ == "as" for c in cue.children)
        and not any(c.dep_ in ("dobj", "ccomp", "xcomp", "prep") for c in cue.children)
    )
    if cue.dep_ != "parataxis" and not around and not as_clause:
        return None
    speaker = _speaker(cue)
    clause = [cue, *speaker]
    clause += [
        t
        for c in cue.children
        if c.dep_ in ("advmod", "npadvmod", "prep", "mark", "prt")
        for t in c.subtree
    ]
    first, last = min(t.i for t in clause), max(t.i for t in clause)
    if not sentence.start < first or not last < sentence.end - 1:
        return None
    before = _trim(list(sentence.doc[sentence.start : first]))
    after = _trim(list(sentence.doc[last + 1 : sentence.end]))
    if after and after[0].dep_ == "mark" and after[0].lower_ == "that":
        after = after[1:]
    longer = after if len(after) >= len(before) else before
    return _span(longer) if len(longer) >= 3 else None


_SENTENCE_BREAK = re.compile(r"[.!?][”\"’']*\s+[“\"‘']?[A-Z]|\n")


def _attached_quotes(cue: Token, sentence: Span) -> list[tuple[int, int]]:
    """The quotations of the sentence that the cue introduces or closes.

    The parser's sentences sometimes run two sentences together, and one sentence may quote two
    people: a quotation belongs to this cue only when no sentence break and no other verb stand
    between them ("“A,” she said" and "she said: “A”", not "“A,” she said, asking “B”").
    """
    doc = sentence.doc
    clause = [cue, *_speaker(cue)]
    first = min(t.i for t in clause)
    last = max(t.i for t in clause)
    clause_start, clause_end = doc[first].idx, doc[last].idx + len(doc[last])
    says_more = any(c.dep_ in ("ccomp", "dobj") for c in cue.children)
    attached = []
    for start, end in _quotes(sentence):
        if start <= cue.idx < end:
            continue
        if end <= clause_start:
            gap_start, gap_end = end, clause_start
            closed = _doc_text(doc)[start:end].rstrip("”\"’' ").endswith((".", "?", "!"))
            if closed and says_more:
                continue  # “Go.” The campaign says the ad will air: another sentence
        else:
            gap_start, gap_end = clause_end, start
        gap = _doc_text(doc)[gap_start:gap_end]
        if _SENTENCE_BREAK.search(gap):
            continue
        between = doc.char_span(gap_start, gap_end, alignment_mode="contract")
        if between is not None and any(t.pos_ == "VERB" and t.i != cue.i for t in between):
            continue
        attached.append((start, end))
    return attached


def _neighbouring_quote(cue: Token, sentence: Span) -> tuple[int, int] | None:
    """The quotation just before "..., Trump said." or just after "Trump said:".

    The sentence splitter often cuts the quotation off the short clause that attributes it.
    """
    doc = sentence.doc
    words = [t for t in sentence if not t.is_punct]
    if len(words) > 8:
        return None
    if sentence.start > 0 and sentence.text.rstrip().endswith((".", ":")):
        previous = doc[sentence.start - 1].sent
        if previous.text.rstrip().endswith(("”", '"', "”.", ",”")) and cue.i < sentence.start + 6:
            quotes = _quotes(previous)
            if quotes:
                return quotes[0][0], quotes[-1][1]
    if sentence.end < len(doc) and sentence.text.rstrip().endswith(":"):
        following = doc[sentence.end].sent
        quotes = _quotes(following)
        if quotes:
            return quotes[0][0], quotes[-1][1]
        return following.start_char, following.end_char
    return None


# "PENCE: Well, look..." in transcripts, "Pat Caddell: Voters Worried..." in headlines.
_SPEAKER_LINE = re.compile(
    r"^[\"“]?(?P<speaker>(?:[A-Z][\w.’'-]*\s){0,3}[A-Z][\w.’'-]*)\s?:\s+(?P<content>\S[^\n]*)",
    re.MULTILINE,
)


# “We need change.” ― Jane Doe: a quotation signed with a dash, as collected comments print them.
_SIGNED_QUOTE = re.compile(
    r"“(?P<content>[^“”]{3,})”\s*[―—]\s*(?P<speaker>[A-Z][\w.’'-]*(?:[ \u00a0][A-Z][\w.’'-]*){0,3})"
)


def signed_quotes(text: str) -> list[RawStatement]:
    """Statements written as a quotation followed by a dash and the speaker's name."""
    return [
        RawStatement(
            match.start("speaker"),
            match.end("speaker"),
            "―",
            match.start("speaker") - 1,
            match.start("content"),
            match.end("content"),
            True,
            None,
            None,
            False,
        )
        for match in _SIGNED_QUOTE.finditer(text)
    ]


def speaker_lines(text: str) -> list[RawStatement]:
    """Statements of lines that start with a name and a colon, as transcripts print them."""
    found = []
    for match in _SPEAKER_LINE.finditer(text):
        if any(ch.isdigit() for ch in match.group("speaker")):
            continue
        start, end = match.span("content")
        found.append(
            RawStatement(
                match.start("speaker"),
                match.end("speaker"),
                ":",
                match.end("speaker"),
                start,
                end,
                text[start] in "“\"‘'",
                None,
                None,
                False,
            )
        )
    return found


def _channel(cue: Token, speaker_head: Token | None) -> str | None:
    if speaker_head is not None and speaker_head.lemma_.lower() in CHANNEL_NOUNS:
        return speaker_head.lemma_.lower()
    for child in cue.children:
        if child.dep_ in ("dobj", "dative") and child.pos_ == "PROPN" and cue.lemma_ == "tell":
            return " ".join(t.text for t in _subtree(child))
        if child.dep_ == "prep" and child.lower_ in ("in", "on", "during", "via", "to"):
            for obj in child.children:
                lemma = obj.lemma_.lower()
                if obj.dep_ == "pobj" and (lemma in CHANNEL_NOUNS or lemma in CHANNEL_PROPER):
                    return " ".join(t.text for t in _trim(_subtree(obj)))
    return None


def _date_span(cue: Token, content: tuple[int, int]) -> tuple[int, int] | None:
    """The span of the cue's own time expression ("told CNN January 3"), outside the content."""
    for child in cue.children:
        if child.dep_ in ("npadvmod", "prep", "advmod", "dobj", "obl", "nmod"):
            tokens = _subtree(child)
            start, end = _span(tokens)
            if content[0] <= start < content[1]:
                continue
            if any(t.ent_type_ == "DATE" for t in tokens):
                return start, end
    return None


def _lemma(token: Token) -> str:
    """The token's lemma, repaired where the small model gets a cue wrong ("hopes" -> "hop")."""
    lemma = token.lemma_.lower()
    return "hope" if lemma == "hop" and token.lower_.startswith("hope") else lemma


def _is_cue(token: Token) -> bool:
    if any(c.dep_ == "prt" and c.lower_ in ("in", "up", "off", "back") for c in token.children):
        return False  # "called in to a town hall", "called off", "called back"
    return _is_cue_word(token)


def _is_cue_word(token: Token) -> bool:
    """A verb of saying, thinking or taking a stand (``CUE_LEMMAS``, ``OBJECT_CUES``).

    Not any verb with a "that" clause: "it appeared that", "this means that", "to ensure
    that" are the writer's own words far more often than someone's statement.
    """
    if token.pos_ not in ("VERB", "AUX") or token.dep_ == "amod":
        return False  # "the said company"
    lemma = _lemma(token)
    return lemma in CUE_LEMMAS or lemma in OBJECT_CUES


def _can_speak(word: Token) -> bool:
    """ "There" never speaks; "it" does when it is an active subject ("it further wrote")
    rather than a placeholder ("it is said", "it seems")."""
    if word.lower_ == "there":
        return False
    return word.lower_ != "it" or (word.dep_ == "nsubj" and word.head.lemma_ != "be")


def _is_unreal(cue: Token, sentence: Span) -> bool:
    """A question or a hypothetical reports nothing said: "Did Trump say that?", "if she says
    so", "he might claim that"."""
    if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in cue.children):
        return True
    if any(c.dep_ == "aux" and c.lower_ in ("could", "might", "should") for c in cue.children):
        return True
    end = sentence.text.rstrip(" \n”\"’'")
    quotes = _quotes(sentence)
    question_mark = sentence.start_char + len(end) - 1
    return end.endswith("?") and not any(a <= question_mark < b for a, b in quotes)


def _from_cue(cue: Token, sentence: Span) -> RawStatement | None:
    if _is_unreal(cue, sentence):
        return None
    speaker = _speaker(cue)
    if not speaker or (len(speaker) == 1 and not _can_speak(speaker[0])):
        return None
    content = _content(cue, sentence)
    if content is None:
        return None
    (start, end), quoted = content
    speaker_start, speaker_end = _span(speaker)
    if start <= speaker_start < end and not quoted:
        return None
    head = max(speaker, key=lambda t: t.dep_ in _SPEAKER_DEPS or t.head not in speaker)
    head = next((t for t in speaker if t.head not in speaker), head)
    continues = head.lemma_.lower() in CHANNEL_NOUNS and any(
        t.lower_ in ("the", "this", "that") for t in speaker
    )
    return RawStatement(
        speaker_start,
        speaker_end,
        cue.text,
        cue.idx,
        start,
        end,
        quoted,
        _channel(cue, head),
        _date_span(cue, (start, end)),
        continues,
    )


# Nouns naming what someone said: "Trump's claim that ...", "the statement by the ministry".
STATEMENT_NOUNS = frozenset(
    ["statement", "comment", "remark", "claim", "assertion", "allegation", "warning"]
)


def _from_noun(noun: Token, sentence: Span) -> RawStatement | None:
    """ "Pompeo's claim that the attack was imminent": the owner says the "that" clause, or
    the quotation the noun introduces ("his statement: “…”")."""
    owners = [c for c in noun.children if c.dep_ == "poss"]
    owners += [
        o
        for c in noun.children
        if c.dep_ == "prep" and c.lower_ in ("by", "from")
        for o in c.children
        if o.dep_ == "pobj"
    ]
    if not owners:
        return None
    speaker = [t for t in _noun_without_clauses(owners[0]) if t.dep_ != "case"]
    if not speaker or speaker[0].lower_ in ("its", "their", "our", "my", "your"):
        return None
    content: tuple[int, int] | None = None
    quoted = False
    for child in noun.children:
        marks = [m for m in child.children if m.dep_ == "mark" and m.lower_ == "that"]
        if child.dep_ in ("acl", "ccomp", "relcl") and marks and child.i > noun.i:
            tokens = [t for t in _trim(_subtree(child)) if t is not marks[0]]
            if len(tokens) >= 2:
                content = _span(tokens)
                break
    if content is None:
        if noun.i + 1 >= len(noun.doc) or noun.nbor().text != ":":
            return None
        quotes = [q for q in _attached_quotes(noun, sentence) if q[0] > noun.idx]
        spoken = [(a, b) for a, b in quotes if len(_doc_text(sentence.doc)[a:b].split()) >= 4]
        if not spoken:
            return None
        content, quoted = (spoken[0][0], spoken[-1][1]), True
    speaker_start, speaker_end = _span(speaker)
    return RawStatement(
        speaker_start,
        speaker_end,
        noun.text,
        noun.idx,
        content[0],
        content[1],
        quoted,
        None,
        None,
        False,
    )


def _according_to(token: Token, sentence: Span) -> RawStatement | None:
    """ "According to X, CONTENT" and "CONTENT, according to X"."""
    to = next((c for c in token.children if c.lower_ == "to"), None)
    objects = [c for c in to.children if c.dep_ == "pobj"] if to is not None else []
    if to is None or not objects:
        return None
    speaker = _trim(_subtree(objects[0]))
    phrase = _subtree(token)
    # A quoted title ("On “The Apprentice,” ..., according to insiders") is not what was said.
    quotes = [
        (a, b) for a, b in _quotes(sentence) if len(_doc_text(sentence.doc)[a:b].split()) >= 4
    ]
    if quotes:
        (start, end), quoted = (quotes[0][0], quotes[-1][1]), True
    else:
        rest = _trim([t for t in sentence if t not in phrase])
        if len(rest) < 3:
            return None
        (start, end), quoted = _span(rest), False
    speaker_start, speaker_end = _span(speaker)
    return RawStatement(
        speaker_start, speaker_end, "according to", token.idx, start, end, quoted, None, None, False
    )


# Curly quotations may run over paragraphs (each new paragraph reopens them); straight and
# doubled-apostrophe ones stay inside a paragraph, so that a stray mark cannot pair across.
_QUOTED_REGION = re.compile(r"“[^“”]{1,3000}”|\"[^\"“”\n]{1,3000}[\"”]|''(?:(?!'')[^\n]){1,3000}''")


def quoted_regions(text: str) -> list[tuple[int, int]]:
    """Spans inside quotation marks over the whole text: a quotation may run over sentences."""
    found = []
    for match in _QUOTED_REGION.finditer(text):
        mark = 2 if match.group().startswith("''") else 1
        found.append((match.start() + mark, match.end() - mark))
    return found


def statements_without_parse(text: str) -> list[RawStatement]:
    """Transcript lines and dash-signed quotations: what can be found with no language model."""
    return sorted([*speaker_lines(text), *signed_quotes(text)], key=lambda s: s.cue_start)


_SPEAKER_ENTITIES = frozenset({"PERSON", "ORG", "NORP", "GPE"})


def _names_someone(text: str, names: list[tuple[int, int]], line: RawStatement) -> bool:
    """Whether a "NAME: ..." line starts with a speaker ("PENCE", "Pat Caddell"), not a label
    ("Correction", "The Latest") or the first half of a headline ("Stealth Over Health: ...").
    ``names`` are the spans of the model's person, organisation and place names."""
    speaker = text[line.speaker_start : line.speaker_end]
    if speaker.lower() in _LABELS:
        return False
    if (speaker.isupper() and len(speaker) > 1) or " " not in speaker:
        return True  # a transcript's "WALLACE:", a headline's "Pence:" or "Poll:"
    return any(a < line.speaker_end and line.speaker_start < b for a, b in names)


_LABELS = frozenset({"correction", "clarification", "update", "source", "note", "editor's note"})


def extract_statements(doc: Doc) -> list[RawStatement]:
    """Every attributed statement of a parsed text, in order."""
    text = _doc_text(doc)
    names = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in _SPEAKER_ENTITIES]
    lines = [s for s in speaker_lines(text) if _names_someone(text, names, s)]
    found: list[RawStatement] = [*lines, *signed_quotes(text)]
    taken = [(s.content_start, s.content_end) for s in found]
    quoted = _doc_quotes(doc)
    quote_starts = [start for start, _ in quoted]
    for sentence in doc.sents:
        for token in sentence:
            if _quote_at(quoted, quote_starts, token.idx):
                continue  # a verb inside a quotation is part of what someone else said
            statement: RawStatement | None = None
            if token.lower_ == "according" and token.dep_ == "prep":
                statement = _according_to(token, sentence)
            elif _is_cue(token):
                statement = _from_cue(token, sentence)
            elif token.pos_ == "NOUN" and token.lemma_.lower() in STATEMENT_NOUNS:
                statement = _from_noun(token, sentence)
            if statement is not None and not any(a <= statement.cue_start < b for a, b in taken):
                found.append(statement)
    return sorted(_outermost(found), key=lambda s: s.cue_start)


def _outermost(found: list[RawStatement]) -> list[RawStatement]:
    """Drop statements reported inside another one's content.

    In "Merrill said Machado promised to keep supporting Clinton" the article vouches only for
    what Merrill said; the promise is part of his statement, not a second one.
    """

    def inside(inner: RawStatement, outer: RawStatement) -> bool:
        return (
            inner is not outer
            and outer.content_start <= inner.cue_start < outer.content_end
            and not inner.content_start <= outer.cue_start < inner.content_end
        )

    return [s for s in found if not any(inside(s, other) for other in found)]
