"""Logging people in through an outside OpenID Connect provider (staff single sign-on, the
citizens' MitID broker)."""
