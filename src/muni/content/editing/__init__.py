"""Editing content in the console: drafts, their diff, the candidate pack they make, the
quality gate that decides whether a publish goes live, and the review lists."""
