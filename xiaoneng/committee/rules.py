"""The quorum and decision rules of a committee, as plain arithmetic.

No ORM here: the services feed counts in, the tests work votes out by hand.

The rules, in full (every committee's numbers are data, ``Committee`` rows):

- **Members** are the voting members (chair and members) whose membership is
  valid on the meeting day. The secretary records and does not vote.
- **Quorum (法定人数)**: at least ``quorum_num/quorum_den`` of the members
  are present, i.e. ``present × den ≥ members × num``. A meeting below quorum
  cannot be opened and decides nothing.
- **Conflict of interest (回避)**: a member present who declares a conflict on
  an item leaves it: he is taken out of both "members" and "present" for
  that item. The item then needs its own quorum of the remaining members
  (``(present − recused) × den ≥ (members − recused) × num``), else its result
  is "no quorum" and the case waits for another meeting.
- **Not voted**: a member present who has not voted when the secretary closes
  the item is counted as abstaining.
- **Base**: ``present`` → the members present and not recused;
  ``all`` → every member not recused. With ``abstain_in_base`` off,
  abstentions are also taken out of the base ("a majority of the votes cast");
  with it on (the default) an abstention weighs like a vote against.
- **Passed** when the votes for reach ``decision_num/decision_den`` of the
  base: strictly more than that share when ``strict`` (a majority, 过半数: 1/2
  strict), at least that share otherwise (two-thirds, 三分之二以上: 2/3 not
  strict). Otherwise rejected. A base of zero passes nothing.

Example (the tests'): 7 members, 5 present, 3 for, 1 against, 1 abstention,
majority of those present → 3 × 2 > 5 × 1: passed. With 4 present the
two-thirds quorum fails (4 × 3 = 12 < 7 × 2 = 14).
"""

from dataclasses import dataclass

PASSED = "passed"
REJECTED = "rejected"
NO_QUORUM = "no_quorum"


@dataclass(frozen=True)
class Rule:
    quorum_num: int = 2
    quorum_den: int = 3
    decision_num: int = 1
    decision_den: int = 2
    base: str = "present"  # "present" | "all"
    strict: bool = True
    abstain_in_base: bool = True

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def has_quorum(rule: Rule, members: int, present: int) -> bool:
    """At least quorum_num/quorum_den of ``members`` present (and at least one)."""
    return present > 0 and present * rule.quorum_den >= members * rule.quorum_num


def quorum_needed(rule: Rule, members: int) -> int:
    """The smallest number present that makes a quorum."""
    return max(1, -(-members * rule.quorum_num // rule.quorum_den))


@dataclass(frozen=True)
class Tally:
    members: int
    present: int
    votes_for: int = 0
    against: int = 0
    abstain: int = 0
    recused: int = 0
    not_voted: int = 0

    def as_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass(frozen=True)
class Outcome:
    result: str
    base: int
    needed: int  # votes "for" needed to pass (0 when there is no quorum)


def decide(rule: Rule, tally: Tally) -> Outcome:
    """The result of one item under ``rule`` (see the module docstring)."""
    members = tally.members - tally.recused
    present = tally.present - tally.recused
    if members <= 0 or not has_quorum(rule, members, present):
        return Outcome(NO_QUORUM, 0, 0)
    base = present if rule.base == "present" else members
    if not rule.abstain_in_base:
        base -= tally.abstain + tally.not_voted
    if base <= 0:
        return Outcome(REJECTED, 0, 1)
    share = base * rule.decision_num
    needed = share // rule.decision_den + 1 if rule.strict else -(-share // rule.decision_den)
    result = PASSED if tally.votes_for >= needed else REJECTED
    return Outcome(result, base, needed)
