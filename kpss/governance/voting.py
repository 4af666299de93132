"""The counting rules of a vote: pure functions, no database.

Given who the voting members of a body are, who took part, who declared a conflict of
interest and how everybody voted, `tally()` decides whether the vote was quorate and whether
the motion was adopted under the body's rules. Services collect the inputs from the
database and store the returned `Tally`; nothing here knows about Django.

The rules, as the Rules of community planning apply them:

* **Voting members** are the current members with a voting role (chair, manager, member);
  guests and secretaries do not vote.
* **Taking part.** At a meeting: the voting members recorded as present. Per rollam: the
  voting members who cast a vote (for, against, abstain) or declared a conflict of interest
  by the deadline.
* **Quorum.** The vote is quorate when the number taking part is *more than*
  `quorum_share` × the number of voting members (0.5 = more than half; a body of 8 needs 5).
  A body without voting members is never quorate.
* **Conflict of interest.** A member who declared a conflict does not vote and is left out of
  every majority base (present and all members alike), but still counts as taking part for
  the quorum: they attended, they only stood aside on this decision. A vote recorded for a
  conflicted member is an error.
* **Majority.** `for` is compared with a base of *eligible* members — those taking part
  minus those with a conflict — so abstaining or not voting works like voting against:
  - simple: more than half of the eligible members taking part;
  - absolute: more than half of all voting members without a conflict;
  - two thirds: at least two thirds of the eligible members taking part.
* A tie is never a majority, and a motion without a single vote for is never adopted (also
  when everybody taking part declared a conflict).
"""

from __future__ import annotations

import math
from collections.abc import Collection, Hashable, Mapping
from dataclasses import asdict, dataclass
from fractions import Fraction
from typing import Any

FOR = "for"
AGAINST = "against"
ABSTAIN = "abstain"
CHOICES = (FOR, AGAINST, ABSTAIN)

SIMPLE = "simple"
ABSOLUTE = "absolute"
TWO_THIRDS = "two_thirds"
MAJORITIES = (SIMPLE, ABSOLUTE, TWO_THIRDS)

ADOPTED = "adopted"
REJECTED = "rejected"
NO_QUORUM = "no_quorum"


class VotingError(ValueError):
    """The inputs contradict the rules (a vote of a non-member, of a conflicted member…)."""


@dataclass(frozen=True)
class Rules:
    quorum_share: Fraction
    majority: str = SIMPLE
    per_rollam: bool = False

    def __post_init__(self) -> None:
        if not 0 <= self.quorum_share <= 1:
            raise VotingError(f"quorum_share must be within 0..1, not {self.quorum_share}")
        if self.majority not in MAJORITIES:
            raise VotingError(f"unknown majority {self.majority!r}")


@dataclass(frozen=True)
class Tally:
    voting_members: int
    taking_part: int
    excluded: int
    eligible: int
    votes_for: int
    votes_against: int
    abstained: int
    not_voted: int
    quorum_needed: int
    quorate: bool
    majority: str
    majority_base: int
    votes_needed: int
    per_rollam: bool
    result: str

    @property
    def adopted(self) -> bool:
        return self.result == ADOPTED

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def quorum_needed(*, voting_members: int, quorum_share: Fraction) -> int:
    """The least number taking part that is more than `quorum_share` of the members."""
    return math.floor(quorum_share * voting_members) + 1


def votes_needed(*, majority: str, eligible: int, base_all: int) -> int:
    """The least number of votes for that adopts the motion (never less than one)."""
    if majority == SIMPLE:
        needed = eligible // 2 + 1
    elif majority == ABSOLUTE:
        needed = base_all // 2 + 1
    elif majority == TWO_THIRDS:
        needed = math.ceil(Fraction(2 * eligible, 3))
    else:
        raise VotingError(f"unknown majority {majority!r}")
    return max(needed, 1)


def tally(
    *,
    voting_members: Collection[Hashable],
    taking_part: Collection[Hashable],
    conflicted: Collection[Hashable],
    votes: Mapping[Any, str],
    rules: Rules,
) -> Tally:
    """Count a vote. `taking_part` is the present voting members for a meeting; for a vote per
    rollam it is ignored and computed from the votes and the conflicts (see the module)."""
    members = set(voting_members)
    conflicts = set(conflicted)
    for person, choice in votes.items():
        if choice not in CHOICES:
            raise VotingError(f"unknown choice {choice!r}")
        if person not in members:
            raise VotingError(f"{person!r} is not a voting member")
        if person in conflicts:
            raise VotingError(f"{person!r} declared a conflict of interest and may not vote")
    outsiders = conflicts - members
    if outsiders:
        raise VotingError(f"conflicts of non-members: {sorted(map(repr, outsiders))}")

    if rules.per_rollam:
        part = set(votes) | conflicts
    else:
        part = set(taking_part)
        if part - members:
            raise VotingError("only voting members count as present")
        if set(votes) - part:
            raise VotingError("a member who is not present cannot vote")

    excluded = len(conflicts & part) if not rules.per_rollam else len(conflicts)
    eligible = len(part) - excluded
    counts = {choice: sum(1 for c in votes.values() if c == choice) for choice in CHOICES}
    needed_for_quorum = quorum_needed(voting_members=len(members), quorum_share=rules.quorum_share)
    quorate = bool(members) and len(part) >= needed_for_quorum
    base_all = len(members - conflicts)
    base = base_all if rules.majority == ABSOLUTE else eligible
    needed = votes_needed(majority=rules.majority, eligible=eligible, base_all=base_all)

    if not quorate:
        result = NO_QUORUM
    elif counts[FOR] >= needed:
        result = ADOPTED
    else:
        result = REJECTED
    return Tally(
        voting_members=len(members),
        taking_part=len(part),
        excluded=excluded,
        eligible=eligible,
        votes_for=counts[FOR],
        votes_against=counts[AGAINST],
        abstained=counts[ABSTAIN],
        not_voted=eligible - len(votes),
        quorum_needed=needed_for_quorum,
        quorate=quorate,
        majority=rules.majority,
        majority_base=base,
        votes_needed=needed,
        per_rollam=rules.per_rollam,
        result=result,
    )
