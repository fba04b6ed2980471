"""Names → reasons: the brand registry, its index, look-alike techniques and the score."""
