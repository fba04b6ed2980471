"""The reason codes of ``threadscope bots`` (``reasons[].code`` in the contract), named once.

Cluster reasons (``score``) say what a group of accounts did together; account reasons
(``signals``) what one account looks like; ``coordinated-cluster`` ties an account to its
cluster. The co-action kinds (``co-retweet`` …) are ``network.KINDS``.
"""

from __future__ import annotations

from typing import Final

# What a cluster did together.
SAME_TEXT: Final = "same-text"
REPEATED_TEXT: Final = "repeated-text"
IMITATED_BRAND: Final = "imitated-brand"
FLAGGED_DOMAIN: Final = "flagged-domain"
SAME_DOMAIN: Final = "same-domain"
SAME_LINK: Final = "same-link"
SHORTENER: Final = "shortener"
STOCK_LINK: Final = "stock-link"
MACHINE_HANDLES: Final = "machine-handles"
YOUNG_ACCOUNTS: Final = "young-accounts"
CREATED_TOGETHER: Final = "created-together"
TAKEN_DOWN: Final = "taken-down"
"""Most of the accounts were later taken down or suspended by the platform."""
BUNCHED_REPLIES: Final = "bunched-replies"
FAST_REPLIES: Final = "fast-replies"
CO_ACTION: Final = "co-action"
CO_ACTION_ALSO: Final = "co-action-also"
TEAM_IN_CROWD: Final = "team-in-crowd"
"""The same accounts, again and again, most of the few acting in their own seconds inside a
crowd acting on the same post (``network.NetworkGroup.team_in_crowd``); not enough alone."""
# Network findings that add no points but say why a group is not (or not yet) coordinated.
ACTED_APART: Final = "acted-apart"
ACTED_TOGETHER_ONCE: Final = "acted-together-once"
CROWD: Final = "crowd"
OUT_OF_STEP: Final = "out-of-step"
COMMON_TRAIT: Final = "common-trait"
"""A trait most of a group shares (handles, ages, timing) that is about as common among the
dump's other accounts: no mark of the group (``baseline``), said with no points."""
SHORT_OF_COORDINATED: Final = "short-of-coordinated"
"""Why a cluster with points is still organic: under the threshold, or evidence of too few
independent kinds."""

# What one account looks like.
MACHINE_HANDLE: Final = "machine-handle"
YOUNG_ACCOUNT: Final = "young-account"
FAST_REPLY: Final = "fast-reply"
TAKEN_DOWN_ACCOUNT: Final = "taken-down-account"
"""The account was later taken down or suspended by the platform."""
COORDINATED_CLUSTER: Final = "coordinated-cluster"
