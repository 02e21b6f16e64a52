"""Waste collection days: importing them (CSV, iCalendar), the demo calendars, and the
fractions they are counted in (rest_mad, papir, plast, glas_metal, storskrald, ...)."""
