"""Card data out of sight: masking card numbers and hiding secrets, below everything else."""
