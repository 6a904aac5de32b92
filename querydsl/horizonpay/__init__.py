"""Horizonpay API v3: response models and processing codes."""
