"""Charter and conventions."""
