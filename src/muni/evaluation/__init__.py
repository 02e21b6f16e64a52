"""Evaluate the assistant on labelled questions (`muni eval`)."""
