"""Network → reasons: resolution, page evidence, RDAP/WHOIS, cache and the address guard."""
