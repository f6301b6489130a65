"""Rules: openwashing, licence conflicts, missing documentation, unsafe artifacts."""
