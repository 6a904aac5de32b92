"""JSON as it arrives: strict text reading and structuring into attrs models."""
