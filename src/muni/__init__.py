"""muni: a self-hostable citizen-service assistant shared by Danish municipalities."""

__version__ = "0.1.0"
