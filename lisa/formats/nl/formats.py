"""Dates as they are written in Belgium in Dutch: 06/01/2026, not the Netherlands' 6-1-2026.

Django reads the formats of this module first and takes the others from its own Dutch ones.
"""

SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
