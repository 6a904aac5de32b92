"""What the API clients share (SPEC 12): the errors here need nothing beyond the standard library;
the sending (httpx) lives in the modules that need the `client` extra."""
