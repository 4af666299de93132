"""The counting rules: hand-computed cases and Hypothesis properties."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpss.governance.voting import (
    ABSOLUTE,
    ADOPTED,
    NO_QUORUM,
    REJECTED,
    SIMPLE,
    TWO_THIRDS,
    Rules,
    VotingError,
    quorum_needed,
    tally,
)

HALF = Fraction(1, 2)
MEMBERS = list("ABCDEFGH")  # eight voting members


def _meeting(present: str, votes: dict[str, str], conflicted: str = "", **rules: object) -> object:
    return tally(
        voting_members=MEMBERS,
        taking_part=list(present),
        conflicted=list(conflicted),
        votes=votes,
        rules=Rules(quorum_share=HALF, **rules),  # type: ignore[arg-type]
    )


def test_quorum_is_more_than_the_share() -> None:
    assert quorum_needed(voting_members=8, quorum_share=HALF) == 5
    assert quorum_needed(voting_members=7, quorum_share=HALF) == 4
    assert quorum_needed(voting_members=9, quorum_share=Fraction(2, 3)) == 7
    assert quorum_needed(voting_members=3, quorum_share=Fraction(0)) == 1


def test_quorum_not_reached() -> None:
    result = _meeting("ABCD", {"A": "for", "B": "for", "C": "for", "D": "for"})
    assert result.result == NO_QUORUM
    assert not result.quorate
    assert result.quorum_needed == 5
    assert result.votes_for == 4


def test_simple_majority_of_present() -> None:
    result = _meeting("ABCDE", {"A": "for", "B": "for", "C": "for", "D": "against"})
    assert result.quorate
    assert result.eligible == 5
    assert result.votes_needed == 3
    assert result.not_voted == 1
    assert result.result == ADOPTED


def test_tie_is_not_adopted() -> None:
    votes = {"A": "for", "B": "for", "C": "for", "D": "against", "E": "against", "F": "against"}
    result = _meeting("ABCDEF", votes)
    assert result.quorate
    assert result.votes_for == result.votes_against == 3
    assert result.result == REJECTED


def test_abstention_works_like_against() -> None:
    votes = {"A": "for", "B": "for", "C": "abstain", "D": "abstain", "E": "against"}
    result = _meeting("ABCDE", votes)
    assert result.votes_for > result.votes_against
    assert result.result == REJECTED  # 2 of 5 is not more than half


def test_conflicted_member_counts_for_quorum_but_not_for_majority() -> None:
    # Five present (quorate), E has a conflict: the base is four, so three for adopt.
    result = _meeting("ABCDE", {"A": "for", "B": "for", "C": "against", "D": "for"}, "E")
    assert result.quorate
    assert result.excluded == 1
    assert result.eligible == 4
    assert result.votes_needed == 3
    assert result.result == ADOPTED
    # Without the conflict the same votes fall short (3 of 5 is enough, 2 of 4 is a tie).
    tie = _meeting("ABCDE", {"A": "for", "B": "for", "C": "against", "D": "against"}, "E")
    assert tie.result == REJECTED


def test_vote_of_a_conflicted_member_is_refused() -> None:
    with pytest.raises(VotingError, match="conflict"):
        _meeting("ABCDE", {"A": "for", "E": "for"}, "E")


def test_vote_of_an_absent_or_non_member_is_refused() -> None:
    with pytest.raises(VotingError, match="not present"):
        _meeting("ABCDE", {"F": "for"})
    with pytest.raises(VotingError, match="not a voting member"):
        _meeting("ABCDE", {"Z": "for"})


def test_absolute_majority_counts_all_members() -> None:
    votes = {"A": "for", "B": "for", "C": "for", "D": "for", "E": "against"}
    result = _meeting("ABCDEF", votes, majority=ABSOLUTE)
    assert result.majority_base == 8
    assert result.votes_needed == 5
    assert result.result == REJECTED  # 4 of 8 members is not more than half
    assert _meeting("ABCDEF", {**votes, "F": "for"}, majority=ABSOLUTE).result == ADOPTED
    # A conflict takes the member out of the base of all members too: 4 of 7 adopts.
    assert _meeting("ABCDEF", votes, "F", majority=ABSOLUTE).result == ADOPTED


def test_two_thirds() -> None:
    votes = {"A": "for", "B": "for", "C": "for", "D": "for", "E": "against", "F": "abstain"}
    assert _meeting("ABCDEF", votes, majority=TWO_THIRDS).result == ADOPTED  # 4 of 6
    votes["D"] = "against"
    assert _meeting("ABCDEF", votes, majority=TWO_THIRDS).result == REJECTED  # 3 of 6


def test_everyone_conflicted_is_never_adopted() -> None:
    result = _meeting("ABCDE", {}, "ABCDE", majority=TWO_THIRDS)
    assert result.quorate
    assert result.eligible == 0
    assert result.result == REJECTED


def test_per_rollam_counts_who_responded() -> None:
    rules = Rules(quorum_share=HALF, per_rollam=True)
    few = tally(
        voting_members=MEMBERS,
        taking_part=[],
        conflicted=[],
        votes={"A": "for", "B": "for", "C": "for", "D": "for"},
        rules=rules,
    )
    assert few.taking_part == 4
    assert few.result == NO_QUORUM
    enough = tally(
        voting_members=MEMBERS,
        taking_part=[],
        conflicted=["E"],
        votes={"A": "for", "B": "for", "C": "for", "D": "against"},
        rules=rules,
    )
    assert enough.taking_part == 5  # the conflict is a response
    assert enough.eligible == 4
    assert enough.result == ADOPTED


def test_no_members_is_never_quorate() -> None:
    result = tally(
        voting_members=[], taking_part=[], conflicted=[], votes={}, rules=Rules(quorum_share=HALF)
    )
    assert result.result == NO_QUORUM


def test_rules_are_checked() -> None:
    with pytest.raises(VotingError):
        Rules(quorum_share=Fraction(3, 2))
    with pytest.raises(VotingError):
        Rules(quorum_share=HALF, majority="unanimous")


# Properties ---------------------------------------------------------------------------------

CHOICE = st.sampled_from(["for", "against", "abstain", None])


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[list[int], list[int], set[int], dict[int, str], Rules]:
    n = draw(st.integers(min_value=0, max_value=15))
    members = list(range(n))
    present = [m for m in members if draw(st.booleans())]
    conflicted = {m for m in members if draw(st.integers(0, 5)) == 0}
    per_rollam = draw(st.booleans())
    votes: dict[int, str] = {}
    for m in present if not per_rollam else members:
        choice = draw(CHOICE)
        if choice is not None and m not in conflicted:
            votes[m] = choice
    share = Fraction(draw(st.integers(0, 12)), 12)
    majority = draw(st.sampled_from([SIMPLE, ABSOLUTE, TWO_THIRDS]))
    return members, present, conflicted, votes, Rules(share, majority, per_rollam)


def _run(members: list[int], present: list[int], conflicted: set[int], votes, rules):  # type: ignore[no-untyped-def]
    return tally(
        voting_members=members,
        taking_part=present,
        conflicted=conflicted,
        votes=votes,
        rules=rules,
    )


@given(scenarios())
def test_no_quorum_exactly_when_not_quorate(scenario) -> None:  # type: ignore[no-untyped-def]
    result = _run(*scenario)
    assert (result.result == NO_QUORUM) == (not result.quorate)
    assert result.quorate == (result.taking_part * 1 > scenario[4].quorum_share * len(scenario[0]))


@given(scenarios())
def test_counts_add_up(scenario) -> None:  # type: ignore[no-untyped-def]
    result = _run(*scenario)
    total = result.votes_for + result.votes_against + result.abstained + result.not_voted
    assert total == result.eligible
    assert result.eligible + result.excluded == result.taking_part


@given(scenarios())
def test_adopted_means_a_real_majority(scenario) -> None:  # type: ignore[no-untyped-def]
    result = _run(*scenario)
    if result.adopted:
        assert result.votes_for > result.votes_against
        assert result.votes_for >= 1
        assert 2 * result.votes_for > result.majority_base or result.majority == TWO_THIRDS
        if result.majority == TWO_THIRDS:
            assert 3 * result.votes_for >= 2 * result.eligible


@given(scenarios())
def test_a_tie_is_never_adopted(scenario) -> None:  # type: ignore[no-untyped-def]
    result = _run(*scenario)
    if result.votes_for == result.votes_against + result.abstained + result.not_voted:
        assert not result.adopted


@given(scenarios())
def test_stricter_majorities_adopt_less(scenario) -> None:  # type: ignore[no-untyped-def]
    members, present, conflicted, votes, rules = scenario
    by_rule = {
        m: _run(members, present, conflicted, votes, Rules(rules.quorum_share, m, rules.per_rollam))
        for m in (SIMPLE, ABSOLUTE, TWO_THIRDS)
    }
    if by_rule[TWO_THIRDS].adopted or by_rule[ABSOLUTE].adopted:
        assert by_rule[SIMPLE].adopted


@given(scenarios(), st.data())
def test_turning_a_vote_to_for_never_hurts(scenario, data) -> None:  # type: ignore[no-untyped-def]
    members, present, conflicted, votes, rules = scenario
    before = _run(*scenario)
    against = [m for m, c in votes.items() if c != "for"]
    if not against:
        return
    changed = dict(votes)
    changed[data.draw(st.sampled_from(against))] = "for"
    after = _run(members, present, conflicted, changed, rules)
    assert not (before.adopted and not after.adopted)
    assert after.votes_for == before.votes_for + 1


@given(scenarios())
def test_a_conflicted_member_cannot_vote(scenario) -> None:  # type: ignore[no-untyped-def]
    members, present, conflicted, votes, rules = scenario
    candidates = sorted(conflicted & set(present if not rules.per_rollam else members))
    if not candidates:
        return
    with pytest.raises(VotingError):
        _run(members, present, conflicted, {**votes, candidates[0]: "for"}, rules)
