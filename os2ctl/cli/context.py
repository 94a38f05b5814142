"""Settings a command borrows from the registry when there is one."""

from __future__ import annotations

from pathlib import Path

from os2ctl.errors import RegistryError


def registry_defaults(option: Path | None) -> tuple[str, str]:
    """(model, language) of the registry in reach, else the defaults (os2-2016, da)."""
    from os2ctl.models.settings import Settings
    from os2ctl.registry.locate import locate_registry
    from os2ctl.registry.yamlread import read_document

    try:
        root = locate_registry(option)
    except RegistryError:
        if option is not None:
            raise
        return "os2-2016", "da"
    doc = read_document("os2ctl.yaml", (root / "os2ctl.yaml").read_bytes())
    data = doc.data if isinstance(doc.data, dict) else {}
    model = data.get("model") if isinstance(data.get("model"), str) else Settings.model_fields["model"].default
    language = data.get("language") if data.get("language") in ("da", "en") else "da"
    return model, language
