"""Templates and message files from a registry's `templates/` folder stay inside that folder.

A pull request can add symbolic links. A template that is a link to `~/.ssh/id_rsa`, or a
`templates/` folder that is itself a link to `/`, would otherwise let `{% include %}` copy any
file the user can read into an agenda, a published site or a new entry.
"""

from __future__ import annotations

import os
from pathlib import Path

import jinja2

from os2ctl.errors import RegistryError


def inside_folder(path: str | os.PathLike, folder: str | os.PathLike) -> bool:
    """True when `path`'s real location lies in `folder` where the folder stands: links are followed,
    but a folder that is itself a link elsewhere does not count as the folder."""
    folder = Path(folder)
    where = Path(os.path.realpath(folder.parent)) / folder.name
    return Path(os.path.realpath(path)).is_relative_to(where)


class ConfinedLoader(jinja2.FileSystemLoader):
    """A file system loader that refuses a template whose real path lies outside its folder."""

    def get_source(self, environment: jinja2.Environment, template: str):
        source, filename, uptodate = super().get_source(environment, template)
        if not any(inside_folder(filename, folder) for folder in self.searchpath):
            raise RegistryError(f"{filename}: a symbolic link that points outside its templates folder")
        return source, filename, uptodate
