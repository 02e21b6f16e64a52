"""Offline Danish NLU: normalisation, tokens, embeddings and the intent classifier."""
