"""Links as evidence, decided once for the whole release (see ``interface``)."""
