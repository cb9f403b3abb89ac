"""The document kinds, one module each; :mod:`docgen.documents` finds them here."""
