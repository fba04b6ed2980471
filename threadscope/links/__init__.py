"""Text → links: extraction and normalisation (NFKC, defanging, IDNA)."""
