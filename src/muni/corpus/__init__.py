"""The training corpus: conversations whose citizens said yes, re-redacted, checked by an
independent scan, and written as a Hugging Face `datasets`-loadable folder (Parquet + JSONL +
a generated dataset card). See export.py."""
