"""Chinese identity numbers: validation and masking (pure functions)."""
