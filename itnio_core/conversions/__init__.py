"""conversions."""
