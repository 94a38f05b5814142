"""Pure formatters: data in, text out. Nothing here prints or writes files."""
