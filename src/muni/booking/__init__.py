"""Appointment booking: a tenant's booking setup, its free slots, booking codes and .ics files."""
