"""Democratic evaluation."""
