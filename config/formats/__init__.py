"""Date and time formats per interface language (settings.FORMAT_MODULE_PATH).

Templates name a format, never spell a pattern, so each language gets its own order, month
names and punctuation (Arabic and Persian use «،», not a Latin comma). Besides Django's names,
every language here defines DAY_MONTH_TIME_FORMAT ("3 Dec, 14:05"), for recent moments such as
chat messages; tests/test_formats.py checks that none is missing. Anything not defined here
(input formats, separators) falls back to Django's own module for the language.
"""
