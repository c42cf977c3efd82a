"""Site generation: reads the store, writes Markdown for MkDocs. Imports no processing code."""
