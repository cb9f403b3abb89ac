"""Office Open XML packages: one safe zip reader, one deterministic zip writer, hidden parts."""
