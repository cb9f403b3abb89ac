"""The validated project: frozen dataclasses and their rules, knowing neither Excel nor Word."""
