"""Services pages: thin wrappers that parse, call a query or an action, and render."""
