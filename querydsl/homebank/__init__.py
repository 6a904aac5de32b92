"""The Homebank ePay `/operations` API: request payloads and response models."""
