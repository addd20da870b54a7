"""The sentence-level diff between two versions of an article, as the analyst reads it."""

from monitor.revisions import Revision, diff_versions

OLD = (
    "Health officials said at least 59 people had been injured in Caracas. Eleven people were arrested.\n\n"
    "The opposition called for more protests on Wednesday."
)
NEW = (
    "Health officials said at least 109 people had been injured in Caracas. Eleven people were arrested.\n\n"
    "The opposition called for more protests on Wednesday. A protester was shot dead in Altamira."
)


def test_an_edited_figure_is_a_changed_sentence_with_its_figure_named():
    revision = diff_versions("Clashes in Caracas", OLD, "Clashes in Caracas", NEW)
    assert revision.headline is None
    assert revision.changed == [
        (
            "Health officials said at least 59 people had been injured in Caracas.",
            "Health officials said at least 109 people had been injured in Caracas.",
        )
    ]
    assert [str(f) for f in revision.figures] == ["59 -> 109 people"]
    assert revision.added == ["A protester was shot dead in Altamira."]
    assert revision.removed == []
    assert revision.summary() == "1 sentence changed (figures: 59 -> 109 people); 1 added"


def test_headline_change_is_named_and_read_first():
    revision = diff_versions("Uprising in Caracas", OLD, "Uprising fails in Caracas", OLD)
    assert revision.headline == ("Uprising in Caracas", "Uprising fails in Caracas")
    assert revision.summary() == "headline changed"
    assert revision.changed_sentences() == ["Uprising fails in Caracas"]
    assert revision.render().splitlines()[:3] == [
        "headline:",
        "- Uprising in Caracas",
        "+ Uprising fails in Caracas",
    ]


def test_changed_sentences_are_what_the_new_version_says_anew():
    revision = diff_versions("T", OLD, "T", NEW)
    assert revision.changed_sentences() == [
        "Health officials said at least 109 people had been injured in Caracas.",
        "A protester was shot dead in Altamira.",
    ]


def test_a_dropped_sentence_is_removed():
    revision = diff_versions("T", OLD, "T", OLD.replace(" Eleven people were arrested.", ""))
    assert revision.removed == ["Eleven people were arrested."]
    assert revision.summary() == "1 removed"
    assert "- Eleven people were arrested." in revision.render()


def test_whitespace_quotes_and_punctuation_are_not_changes():
    old = 'Bolton said "this is clearly not a coup." It was\nover by night.'
    new = "Bolton said “this is clearly not a coup”.   It was over by night!"
    revision = diff_versions("Title", old, "Title ", new)
    assert revision.is_empty
    assert revision.summary() == "no change"


def test_revision_round_trips_through_json_form():
    revision = diff_versions("A", OLD, "B", NEW)
    assert Revision.from_dict(revision.to_dict()) == revision
