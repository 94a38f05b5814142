"""`os2ctl new [ID]`: propose an idea as `portfolio/<ID>.yaml`, on a terminal or with --no-input."""

from __future__ import annotations

from typing import Annotated

import typer

from os2ctl.cli.errors import handle_errors
from os2ctl.cli.options import RegistryOption, TodayOption, choose_language, parse_today

REQUIRED = (("title", "--title"), ("summary", "--summary"), ("municipalities", "--municipality"),
            ("contact_name", "--contact-name"))
OPTIONS = {"title": "--title", "summary": "--summary", "municipalities": "--municipality",
           "contact.name": "--contact-name", "contact.organisation": "--contact-organisation",
           "contact.email": "--contact-email", "level": "--level"}


@handle_errors
def new(
    entry_id: Annotated[str | None, typer.Argument(
        metavar="ID", show_default=False,
        help="The idea's id, its file name without .yaml "
        "(default: made from the title, 'OS2 Søgning' → os2-soegning).",
    )] = None,
    title: Annotated[str | None, typer.Option("--title", help="The idea's name.", show_default=False)] = None,
    summary: Annotated[str | None, typer.Option("--summary", help="The idea: what it solves, for whom.",
                                                   show_default=False)] = None,
    municipality: Annotated[list[str] | None, typer.Option(
        "--municipality", "-m", metavar="NAME|CODE", show_default=False,
        help="A participating municipality, by official name or 3-digit code; repeat for more.",
    )] = None,
    contact_name: Annotated[str | None, typer.Option("--contact-name", help="Who proposes the idea.",
                                                        show_default=False)] = None,
    contact_organisation: Annotated[str | None, typer.Option(
        "--contact-organisation", help="The contact's organisation (e.g. a municipality).", show_default=False)] = None,
    contact_email: Annotated[str | None, typer.Option("--contact-email", help="The contact's e-mail.",
                                                         show_default=False)] = None,
    level: Annotated[str, typer.Option("--level", "-l", help="The proposed level; the business manager places it.")]
    = "N1",
    no_input: Annotated[bool, typer.Option("--no-input", help="Never prompt: take everything from the options "
                                           "(--title, --summary, --municipality and --contact-name are required).")]
    = False,
    use_git: Annotated[bool, typer.Option("--git", help="Commit the new file, and only it, on a new branch "
                                          "idea/<ID> from HEAD, ready for a pull request.")] = False,
    lang: Annotated[str | None, typer.Option("--lang", help="da or en: language of the file's comments and of the "
                                                "questions (default: the registry's language).")] = None,
    registry: RegistryOption = None,
    today: TodayOption = None,
) -> None:
    """Propose an idea: write portfolio/<ID>.yaml at status idea, check it, and say what it needs at concept.

    On a terminal it asks for what the options do not give. Exit status: 0 written and clean, 1 refused
    (the entry exists, uncommitted changes) or the file has errors, 2 usage error or no registry.
    """
    from os2ctl import new_entry as core
    from os2ctl.catalogue import load_catalogue
    from os2ctl.cli.new_prompts import Answers, ask
    from os2ctl.registry.locate import locate_registry

    date = parse_today(today)
    root = locate_registry(registry)
    settings = core.read_settings(root)
    catalogue = load_catalogue(settings.model)
    language = choose_language(lang, settings.language)
    given = Answers(entry_id, title, summary, list(municipality) if municipality else None,
                    contact_name, contact_organisation, contact_email)
    level = _check_given(given, level.upper(), catalogue, core)
    repo = _git_repository(root) if use_git else None
    if entry_id is not None:
        core.entry_path(root, entry_id)
        core.refuse_existing(root, entry_id)
    answers = _complete_without_input(given) if no_input else ask(root, given, language)
    fields = core.NewEntryFields(
        title=answers.title, summary=answers.summary, municipalities=answers.municipalities,
        contact_name=answers.contact_name, contact_organisation=answers.contact_organisation or None,
        contact_email=answers.contact_email or None, level=level,
    )
    path = core.entry_path(root, answers.entry_id)
    if repo is not None:
        _check_git(repo, path, core.branch_name(answers.entry_id))
    created = core.create_entry(root, answers.entry_id, fields, language=language, today=date)
    _report(root, created, catalogue, level, language, repo, answers)


def _check_given(given, level: str, catalogue, core) -> str:
    """Usage errors for options that are given but wrong, before any question is asked; the level."""
    from os2ctl.errors import UsageError

    if given.entry_id is not None and core.id_problem(given.entry_id):
        raise UsageError(core.id_problem(given.entry_id))
    values = {**{k: v for k, v in vars(given).items() if k != "entry_id"}, "level": level}
    problems = core.given_problems(values, catalogue)
    if problems:
        raise UsageError("; ".join(f"{OPTIONS.get(name, name)}: {message}" for name, message in problems))
    return level


def _complete_without_input(given):
    """The answers from the options alone; missing required options are one usage error naming them all."""
    from os2ctl import new_entry as core
    from os2ctl.errors import UsageError

    missing = [option for name, option in REQUIRED if not getattr(given, name)]
    if missing:
        raise UsageError(f"missing {', '.join(missing)} (required with --no-input)")
    if given.entry_id is None:
        given.entry_id = core.suggest_id(given.title)
        if given.entry_id is None:
            raise UsageError(f"cannot make an id from the title '{given.title}': give the ID argument")
    return given


def _git_repository(root):
    from os2ctl import gitrepo
    from os2ctl.errors import UsageError

    repo = gitrepo.open_repository(root)
    if repo is None:
        raise UsageError(f"--git: the registry {root} is not in a Git repository")
    return repo


def _check_git(repo, path, branch: str) -> None:
    """Refuse, before anything is written, what would make the commit touch more than the new file."""
    from os2ctl import gitrepo
    from os2ctl.errors import RefusedError

    relative = gitrepo.relative_to_repository(repo, path)
    if gitrepo.has_uncommitted_changes(repo, path):
        raise RefusedError(f"{relative} has uncommitted changes in the Git work tree; commit or discard them first")
    if gitrepo.is_ignored(repo, path):
        raise RefusedError(f"{relative} is ignored by Git (.gitignore), so it cannot be committed")
    if gitrepo.branch_exists(repo, branch):
        raise RefusedError(f"the branch '{branch}' already exists; choose another id or delete the branch")


def _report(root, created, catalogue, level, language, repo, answers) -> None:
    from os2ctl import new_entry as core
    from os2ctl.cli.console import print_text
    from os2ctl.errors import RefusedError
    from os2ctl.findings import exit_code
    from os2ctl.registry.locate import display_path
    from os2ctl.render.findings_text import render_text
    from os2ctl.render.new_entry import GitOutcome, render_created, render_next_step

    shown = f"{display_path(root)}/{created.relative}"
    code = exit_code(created.report.findings)
    print_text(render_created(shown, level, created.needs, not created.report.findings, language))
    if created.report.findings:
        print_text(render_text(created.report, catalogue, language), stderr=True)
    git = None
    if repo is not None and code == 0:
        from os2ctl import gitrepo

        branch = core.branch_name(created.entry_id)
        message = core.commit_message(created.entry_id, answers.title, language)
        try:
            sha = gitrepo.commit_new_file(repo, branch, created.path, message)
        except RefusedError as exc:
            left = f"{created.relative} is written; commit it on {branch} once that is fixed"
            raise RefusedError(f"{exc} ({left})") from None
        remotes = gitrepo.remote_names(repo)
        git = GitOutcome(branch, sha, message, remotes[0] if remotes else None)
    print_text(render_next_step(git, language))
    raise typer.Exit(code)
