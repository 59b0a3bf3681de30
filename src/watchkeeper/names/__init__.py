"""Name handling: scripts, normalisation, tokens and keys used for screening."""
