"""Evaluation against annotated corpora (brat standoff, PolNeAR layout)."""
