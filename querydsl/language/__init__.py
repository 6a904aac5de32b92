"""The language: text to a checked query. Knows no API; imports no provider or target."""
