"""Pydantic models of the registry files (strict: unknown keys are errors)."""
