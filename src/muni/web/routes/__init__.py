"""HTTP routes, one file per audience."""
