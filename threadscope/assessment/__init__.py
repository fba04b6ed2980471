"""Names → reasons: the brand registry, its index, look-alike techniques and the score.

``assess(target)`` judges one link or domain from its name alone; ``assess_many`` streams.
"""

from __future__ import annotations

from threadscope.assessment.core import assess, assess_many, default_registry
from threadscope.assessment.registry import BrandRegistry, load_registry

__all__ = ["BrandRegistry", "assess", "assess_many", "default_registry", "load_registry"]
