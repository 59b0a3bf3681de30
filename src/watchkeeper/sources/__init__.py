"""Official list formats, one module each; ``registry`` detects which one a file is in."""
