"""``author_label``: ``@`` before a handle only, as the reader said what the author is."""

from __future__ import annotations

import pytest

from threadscope.authors import Account, account_labels, author_label, is_handle, members_of
from threadscope.models import AuthorKind, Cluster, ClusterVerdict


@pytest.mark.parametrize("author", ["Anna", "KlartextMonitor", "Klartext Monitor", "anna_1234"])
def test_a_display_name_is_shown_bare_whatever_it_looks_like(author: str) -> None:
    """``@Anna`` would name whoever holds the handle ``anna``: perhaps someone else."""
    assert author_label(author, AuthorKind.NAME) == author
    assert not is_handle(author, AuthorKind.NAME)


@pytest.mark.parametrize("author", ["user456", "channel123", "UCa1b2c3d4e5f6g7h8i9j0kl",
                                    "did:plc:x7rp2ktv4dq6nfl3wzj5ybhc"])
def test_an_account_id_is_shown_bare(author: str) -> None:
    assert author_label(author, AuthorKind.ID) == author


@pytest.mark.parametrize("author", ["anna_1234", "jonas-k.bsky.social", "user@mastodon.social"])
def test_a_handle_keeps_its_at(author: str) -> None:
    assert author_label(author, AuthorKind.HANDLE) == "@" + author


def test_a_did_is_never_a_handle_whatever_a_caller_says() -> None:
    assert author_label("did:plc:abc", AuthorKind.HANDLE) == "did:plc:abc"


@pytest.mark.parametrize(("author", "shown"), [("anna", "@anna"), ("Anna Weber", "Anna Weber"),
                                               ("did:web:example.com", "did:web:example.com")])
def test_an_author_no_reader_described_is_guessed_from_its_text_as_before(
    author: str, shown: str
) -> None:
    assert author_label(author) == shown


def test_a_clusters_accounts_are_labelled_by_their_own_kinds() -> None:
    cluster = Cluster(1, ClusterVerdict.COORDINATED, 80, ("anna", "anna", "user456"), (0, 1, 2),
                      (), account_kinds=(AuthorKind.HANDLE, AuthorKind.NAME, AuthorKind.ID))
    assert members_of(cluster) == (Account("anna", AuthorKind.HANDLE),
                                   Account("anna", AuthorKind.NAME),
                                   Account("user456", AuthorKind.ID))
    assert account_labels(cluster) == ["@anna", "anna", "user456"]


def test_a_cluster_built_without_kinds_is_labelled_as_before() -> None:
    cluster = Cluster(1, ClusterVerdict.ORGANIC, 10, ("anna", "Anna Weber"), (0, 1), ())
    assert account_labels(cluster) == ["@anna", "Anna Weber"]
