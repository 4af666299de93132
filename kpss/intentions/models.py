"""Models of intentions."""
