"""The release as a whole: its own names, its bundled third-party projects, its unit tests (see ``interface``)."""
