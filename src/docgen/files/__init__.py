"""Files on disk: where inputs and templates are found, and atomic writes of every output."""
