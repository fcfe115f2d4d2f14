"""Learned attribution: features, the CRF tagger, its combination with the rules, and training."""
