"""Locating and loading a registry."""
