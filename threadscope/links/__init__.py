"""Text → links: extraction and normalisation (NFKC, defanging, IDNA).

``extract_links(text)`` finds every link in a post; ``parse_target(raw)`` reads one pasted
link or domain (``check``, ``domains``). Both return ``models.Link`` records whose
``evasions`` name how the link was disguised.
"""

from __future__ import annotations

from threadscope.links.extract import extract_links
from threadscope.links.hosts import LinkError, is_ip_literal
from threadscope.links.target import parse_target

__all__ = ["LinkError", "extract_links", "is_ip_literal", "parse_target"]
