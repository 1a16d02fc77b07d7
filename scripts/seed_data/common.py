"""Shorthands for event-date precision."""

Y = "year"
D = "day"
