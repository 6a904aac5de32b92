"""The playground server and its JSON endpoints."""
