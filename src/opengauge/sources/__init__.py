"""Sources: local folders, git checkouts, Hugging Face repos, archives, manifests -> Artifacts."""
