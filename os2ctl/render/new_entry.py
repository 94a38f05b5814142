"""What `os2ctl new` says after writing an entry: the file, the check, the needs at `concept`, the next step."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text

TEXTS = {
    "da": {
        "wrote": "Skrev {path} (status idea, niveau {level}).",
        "clean": "✔ Filen består os2ctl check.",
        "needs": "Når idéen bliver et koncept (status concept) på niveau {level}, skal den have:",
        "branch": "Oprettede grenen {branch} med ét commit ({sha}): {message}",
        "next": "Næste skridt: skub grenen og opret en pull request:",
        "next_no_git": "Næste skridt: drøft idéen med OS2's forretningsleder, og foreslå filen i en pull request.",
        "no_remote": "(tilføj først et remote: git remote add origin <URL>)",
    },
    "en": {
        "wrote": "Wrote {path} (status idea, level {level}).",
        "clean": "✔ The file passes os2ctl check.",
        "needs": "When the idea becomes a concept (status concept) at level {level}, it needs:",
        "branch": "Created the branch {branch} with one commit ({sha}): {message}",
        "next": "Next step: push the branch and open a pull request:",
        "next_no_git": "Next step: discuss the idea with OS2's business manager, "
        "and propose the file in a pull request.",
        "no_remote": "(add a remote first: git remote add origin <URL>)",
    },
}


@dataclass(frozen=True)
class GitOutcome:
    """The branch and commit `new --git` made."""

    branch: str
    sha: str
    message: str
    remote: str | None


def render_created(path: str, level: str, needs: list, clean: bool, language: str) -> Text:
    """The written file, whether it passes `check`, and what it needs at `concept`."""
    texts = TEXTS[language]
    out = Text(texts["wrote"].format(path=path, level=level) + "\n")
    if clean:
        out.append(texts["clean"] + "\n", style="green")
    out.append("\n" + texts["needs"].format(level=level) + "\n")
    width = max((len(n.where or "") for n in needs), default=0) + 2
    for need in needs:
        out.append(f"  {(need.where or '').ljust(width)}", style="cyan")
        out.append(f"{need.requirement.title.get(language)} ", style="")
        out.append(f"({need.requirement.id}, {need.requirement.level} {need.requirement.section})\n", style="dim")
    return out


def render_next_step(git: GitOutcome | None, language: str) -> Text:
    """The next step: push and open a pull request (with --git), else talk to the business manager."""
    texts = TEXTS[language]
    if git is None:
        return Text("\n" + texts["next_no_git"] + "\n")
    out = Text("\n" + texts["branch"].format(branch=git.branch, sha=git.sha[:7], message=git.message) + "\n")
    out.append(texts["next"] + "\n")
    out.append(f"  git push -u {git.remote or 'origin'} {git.branch}\n", style="bold")
    if git.remote is None:
        out.append(f"  {texts['no_remote']}\n", style="dim")
    return out
