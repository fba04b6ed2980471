"""Text → links: extraction and normalisation (NFKC, defanging, IDNA).

``extract_links(text)`` finds every link in a post; ``parse_target(raw)`` reads one pasted
link or domain (``check``, ``domains``) and raises ``LinkError`` when it is unusable;
``post_links(post)`` reads the links a post holds (``audit``, ``bots``). All
return ``models.Link`` records whose ``evasions`` name how the link was disguised:

    defanged         hxxp, [.], (.), {.}, [dot], [:]// (researchers' habit; no points)
    unicode-compat   letters that NFKC folds (𝐰𝐞𝐥𝐭, ｗｅｌｔ, the one-dot leader ․)
    zero-width       invisible characters: zero-width spaces, joiners, word joiner, BOM,
                     soft hyphen, tag characters, variation selectors, Hangul fillers …
    bidi-control     LRM/RLM, embeddings, overrides (RLO), isolates
    userinfo         text before an @ in the authority (https://welt.de@evil.example/)
    punycode         the host was written as xn-- labels (``host`` holds the Unicode form)
    percent-encoded  the host was percent-encoded (https://%77elt.de/)
    ip-spelling      an IPv4 address not in dotted decimal (http://0x5db8d822/, 2130706433)
"""

from __future__ import annotations

from threadscope.links.extract import extract_links
from threadscope.links.hosts import LinkError, is_ip_literal
from threadscope.links.posts import Target, post_links, target_key
from threadscope.links.target import parse_target

__all__ = [
    "LinkError",
    "Target",
    "extract_links",
    "is_ip_literal",
    "parse_target",
    "post_links",
    "target_key",
]
