"""Nickara's training pipeline: the original model card's CNN, reproducible and tracked."""
