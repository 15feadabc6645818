"""What every plugin shares: problems, YAML with lines, JSON-LD, slugs, URLs,
settings and the typed site model. Imports no plugin."""
