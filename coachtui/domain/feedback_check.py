"""Is a piece of feedback specific enough to act on?

Feedback that can be repeated (or stopped) names what the person did and what
it changed. Three things make an entry vague:

- its behaviour is generic praise or blame ("doing well lately", "great job",
  "needs to work harder") with nothing concrete left once the stock phrase is
  taken out;
- its behaviour names no concrete action (a trait or an attitude instead of
  something the person did);
- it has no impact, or only a generic one ("it was great").

Heuristics over plain words, on purpose: the check must be explainable in one
line and never block saving. Pure functions, no database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

GENERIC = "generic"
NO_ACTION = "no-action"
NO_IMPACT = "no-impact"

HINT = (
    "A specific version names what they did, when (“in Tuesday's review you "
    "split the migration into three small PRs”) and what it changed (“each one "
    "was reviewed the same day”)."
)

# Stock praise and blame. Matched on whole words, case-insensitively.
_PRAISE = (
    r"doing (?:really |very |so )?(?:well|great|good|fine|awesome|amazing)",
    r"(?:did|does|doing|do) (?:a |an )?(?:really |very )?"
    r"(?:great|good|nice|fine|excellent|amazing|awesome|solid|fantastic|terrific) (?:job|work)",
    r"(?:great|good|nice|excellent|amazing|awesome|solid|fantastic|terrific|outstanding|"
    r"brilliant|stellar) (?:job|work|effort|performance|stuff|attitude|progress)",
    r"well done",
    r"keep (?:it|this) up",
    r"keep up the (?:good|great) work",
    r"(?:killing|crushing|nailing) it",
    r"rock ?star",
    r"(?:a |such a )?(?:great |good |real )?team player",
    r"(?:you(?:'re| are)|(?:he|she|they)(?:'s| is| are)) (?:the best|awesome|amazing|great)",
    r"(?:thanks|thank you) for (?:everything|all (?:you do|your (?:hard )?work))",
    r"(?:hard|harder) work(?:er|ing)?",
)
_BLAME = (
    r"(?:needs?|has|have|had) to (?:work|try) harder",
    r"(?:work|try) harder",
    r"(?:needs?|has|have|had) to (?:improve|do better|step up|be better|up (?:their|his|her) game)",
    r"(?:needs?|has|have|had) to be more \w+",
    r"be more (?:proactive|professional|engaged|focused|careful|responsible|accountable|"
    r"productive|reliable|positive|committed)",
    r"(?:step|stepping) up",
    r"do(?:ing)? better",
    r"could (?:do|be) better",
    r"not good enough",
    r"needs? improvement",
    r"(?:bad|poor|negative|wrong) attitude",
    r"not (?:a )?team player",
    r"not pulling (?:their|his|her) weight",
    r"(?:take|show|taking|showing) more (?:ownership|initiative)",
    r"(?:is|was|seems|been) (?:lazy|sloppy|careless|unprofessional|disappointing|"
    r"underperforming|difficult|negative)",
    r"under ?perform(?:ing|ed|s)?",
    r"(?:lacks?|lacking) (?:focus|motivation|ownership|initiative|commitment)",
)
_PRAISE_RE = re.compile(r"\b(?:" + "|".join(_PRAISE) + r")\b")
_BLAME_RE = re.compile(r"\b(?:" + "|".join(_BLAME) + r")\b")


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Words that carry no concrete content on their own.
_FILLER = _word_set(
    """
    a an the and or but nor so yet to of in on at for with by from as into onto about
    it its this that these those there here is are was were be been being am
    has have had do does did done doing he she they them their theirs his her hers
    him you your yours we our ours i me my us it's he's she's they're you're we're
    i'm that's there's very really so too just quite pretty truly super totally
    lot lots all some any more most much many also not no never always often
    usually sometimes generally general overall lately recently currently these days
    thing things stuff way ways kind sort bit etc everyone everybody someone somebody
    person people what when how which who whom will would could should can may might
    must shall need needs needed job work works time times day days week weeks
    good great nice fine awesome amazing excellent solid fantastic terrific outstanding
    brilliant stellar best better well bad poor terrible awful worse worst hard harder
    effort performance attitude progress happy glad proud thanks thank keep up
    again still even yes ok okay like get gets got going go goes
    """
)

# Verbs that name something a person did at work (base form; -s/-es/-ed/-ing
# forms are derived). Irregular pasts are listed separately.
_ACTION_VERBS = _word_set(
    """
    write rewrite review merge ship ask answer explain present interrupt miss skip pair
    mentor coach test document fix deploy release escalate share send help join lead run
    call book raise cancel push pull commit reply respond flag break split update refactor
    design plan schedule organise organize facilitate summarise summarize demo deliver
    arrive leave forget ignore interview onboard automate measure profile debug investigate
    prototype draft publish present proposal propose suggest volunteer offer own handle
    resolve triage page migrate rollback revert block unblock approve reject close open
    file log report track estimate prioritise prioritize cut drop remove add build create
    teach train invite thank credit praise celebrate point notice catch spot warn tell say
    speak talk listen attend chair host record prepare check verify validate benchmark
    optimise optimize simplify clarify rename delete reorganise reorganize move restructure
    negotiate convince persuade challenge question disagree push-back postpone delay
    shorten extend finish complete start launch wire configure monitor alert restore recover
    clean tidy label tag assign reassign delegate hand sketch draw map outline interrupt
    dismiss blame criticise criticize shout yell snap rush guess assume promise agree
    """
)
_IRREGULAR_PAST = _word_set(
    """
    wrote rewrote ran led built gave took made sent spoke said told left brought caught
    taught found kept held met paid set put cut split read drew chose broke began fixed
    did went came saw thought stood sat won lost spent sought bought fought felt heard
    knew got forgot hid shut hit quit let overrode undertook understood withdrew forgave
    rode rang sang swore threw woke wore bit shook struck stuck dealt meant lent bent
    """
)
# -ed / -ing words that describe a trait or a feeling rather than an action.
_NOT_ACTIONS = _word_set(
    """
    need needed indeed speed seed feed bed red shed bleed breed greed weed deed hundred
    kindred sacred naked wicked ragged rugged aged tired motivated talented dedicated
    committed detailed skilled experienced organised organized focused engaged excited
    interested involved balanced advanced sophisticated complicated qualified determined
    respected valued appreciated disappointed frustrated distracted unmotivated
    disengaged overwhelmed stressed relaxed confused annoyed bored worried concerned
    pleased impressed surprised
    nothing something anything everything thing during morning evening king ring string
    ceiling feeling interesting amazing outstanding exciting inspiring caring willing
    promising boring annoying demanding disappointing charming convincing engaging
    encouraging pleasing being doing going having getting trying working seeming
    underperforming performing improving
    """
)
_WORD_RE = re.compile(r"[a-z][a-z'\-]*")
_NUMBER_RE = re.compile(r"\d")


@dataclass(frozen=True)
class SpecificityCheck:
    """The verdict on one entry: ``vague`` with one reason per problem."""

    vague: bool
    codes: tuple[str, ...]
    reasons: tuple[str, ...]
    hint: str

    @property
    def summary(self) -> str:
        return "specific" if not self.vague else "vague: " + "; ".join(self.reasons)


def _normalise(text: str) -> str:
    text = text.lower().replace("’", "'").replace("‘", "'")
    return " ".join(text.split())


def _words(text: str) -> list[str]:
    return [w.strip("'-") for w in _WORD_RE.findall(text) if w.strip("'-")]


def _content(words: list[str]) -> list[str]:
    return [w for w in words if w not in _FILLER and len(w) > 1]


def _stem_candidates(word: str) -> set[str]:
    out = {word}
    for suffix in ("ing", "ed", "es", "s", "d"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)]
            out |= {stem, stem + "e"}
            if len(stem) > 3 and stem[-1] == stem[-2]:  # shipped -> ship
                out.add(stem[:-1])
            if stem.endswith("i"):  # replied -> reply
                out.add(stem[:-1] + "y")
    return out


def is_action_word(word: str) -> bool:
    """Does this word name something done (wrote, merged, pairing, reviews)?"""
    if word in _NOT_ACTIONS or len(word) < 3:
        return False
    if word in _IRREGULAR_PAST:
        return True
    if _stem_candidates(word) & _ACTION_VERBS:
        return True
    # Regular past tense and gerunds of verbs not in the list.
    return (word.endswith("ed") and len(word) > 4) or (word.endswith("ing") and len(word) > 5)


def _strip_phrases(text: str) -> tuple[str, list[str], list[str]]:
    praise = [m.group(0) for m in _PRAISE_RE.finditer(text)]
    blame = [m.group(0) for m in _BLAME_RE.finditer(text)]
    rest = _BLAME_RE.sub(" ", _PRAISE_RE.sub(" ", text))
    return rest, praise, blame


def check_feedback(behaviour: str, impact: str, situation: str = "") -> SpecificityCheck:
    """Mark feedback vague when its behaviour or impact says nothing concrete.

    ``situation`` is accepted so callers can pass the whole entry; a missing
    situation alone never makes feedback vague.
    """
    del situation  # reserved: when-and-where is encouraged, not required
    codes: list[str] = []
    reasons: list[str] = []

    text = _normalise(behaviour)
    rest, praise, blame = _strip_phrases(text)
    content = _content(_words(rest))
    actions = [w for w in content if is_action_word(w)]
    if (praise or blame) and (len(content) < 3 or not actions):
        stock = (praise or blame)[0]
        label = "generic praise" if praise and not blame else "generic blame"
        codes.append(GENERIC)
        reasons.append(f"{label} (“{stock}”) says nothing they can repeat or change")
    if not text:
        codes.append(NO_ACTION)
        reasons.append("no behaviour: say what they did")
    elif not actions:
        codes.append(NO_ACTION)
        reasons.append("no concrete action: name something they did, not a trait")

    impact_text = _normalise(impact)
    impact_rest, impact_praise, impact_blame = _strip_phrases(impact_text)
    impact_content = _content(_words(impact_rest))
    if not impact_text:
        codes.append(NO_IMPACT)
        reasons.append("no impact: say what changed because of it")
    elif len(impact_content) < 2 and not _NUMBER_RE.search(impact_text):
        codes.append(NO_IMPACT)
        reasons.append("generic impact: say what changed, for whom")

    return SpecificityCheck(
        vague=bool(codes),
        codes=tuple(codes),
        reasons=tuple(reasons),
        hint=HINT if codes else "",
    )
