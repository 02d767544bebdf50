"""The quorum and decision rules, on votes worked out by hand."""

from xiaoneng.committee.rules import NO_QUORUM, PASSED, REJECTED, Rule, Tally, decide, has_quorum

MAJORITY_OF_PRESENT = Rule(2, 3, 1, 2, "present", strict=True, abstain_in_base=True)
TWO_THIRDS_OF_ALL = Rule(2, 3, 2, 3, "all", strict=False, abstain_in_base=True)


def test_seven_members_five_present_three_for_passes_by_majority_of_present():
    tally = Tally(members=7, present=5, votes_for=3, against=1, abstain=1)
    outcome = decide(MAJORITY_OF_PRESENT, tally)
    assert (outcome.result, outcome.base, outcome.needed) == (PASSED, 5, 3)


def test_four_of_seven_present_is_no_quorum_under_two_thirds():
    assert not has_quorum(MAJORITY_OF_PRESENT, 7, 4)  # 4 × 3 = 12 < 7 × 2 = 14
    assert has_quorum(MAJORITY_OF_PRESENT, 7, 5)
    outcome = decide(MAJORITY_OF_PRESENT, Tally(members=7, present=4, votes_for=4))
    assert outcome.result == NO_QUORUM


def test_three_for_of_seven_fails_two_thirds_of_all_members():
    # 2/3 of 7 = 4.67: five votes needed, whoever is present.
    outcome = decide(TWO_THIRDS_OF_ALL, Tally(members=7, present=5, votes_for=4, against=1))
    assert (outcome.result, outcome.base, outcome.needed) == (REJECTED, 7, 5)
    assert decide(TWO_THIRDS_OF_ALL, Tally(members=7, present=5, votes_for=5)).result == PASSED


def test_a_tie_is_not_a_majority():
    outcome = decide(MAJORITY_OF_PRESENT, Tally(members=6, present=6, votes_for=3, against=3))
    assert (outcome.result, outcome.needed) == (REJECTED, 4)


def test_abstentions_out_of_the_base_make_a_majority_of_votes_cast():
    rule = Rule(2, 3, 1, 2, "present", strict=True, abstain_in_base=False)
    tally = Tally(members=7, present=6, votes_for=2, against=1, abstain=3)
    assert decide(rule, tally).result == PASSED  # base 3, 2 > 1.5
    assert decide(MAJORITY_OF_PRESENT, tally).result == REJECTED  # base 6, 2 ≤ 3


def test_a_recused_member_leaves_the_base_and_may_break_the_item_quorum():
    # 7 members, 5 present, 1 recused: the item has 6 members and 4 present (12 ≥ 12).
    tally = Tally(members=7, present=5, votes_for=3, against=1, recused=1)
    outcome = decide(MAJORITY_OF_PRESENT, tally)
    assert (outcome.result, outcome.base, outcome.needed) == (PASSED, 4, 3)
    # 2 recused: 5 members and 3 present (9 < 10): the item cannot be decided.
    tally = Tally(members=7, present=5, votes_for=3, recused=2)
    assert decide(MAJORITY_OF_PRESENT, tally).result == NO_QUORUM


def test_a_member_who_did_not_vote_counts_as_abstaining():
    tally = Tally(members=7, present=5, votes_for=2, against=1, not_voted=2)
    assert decide(MAJORITY_OF_PRESENT, tally).result == REJECTED
