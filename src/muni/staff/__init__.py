"""Staff accounts: roles and permissions, passwords, login sessions, single sign-on."""
