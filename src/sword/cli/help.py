"""`--help` that reads as prose: paragraphs reflowed to the terminal's width, examples
kept line by line, values named by what they are (FILE, DATE, N) instead of Python types
(`<bool>`, `<list[str]>`), flags without any, ranges in words.

`use_prose_help(app)` applies it to every command of the app, the ones other modules
register included; it runs once, after all commands are registered.
"""

from __future__ import annotations

import inspect
import typing

import typer
from rich.markup import escape
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption
from typer.models import DefaultPlaceholder

EXAMPLE_HEADS = ("Example:", "Examples:")


def prose(doc: str) -> str:
    """A docstring as help text: each paragraph on one line (the terminal wraps it), an
    "Examples:" paragraph kept line by line; rich markup characters escaped."""
    paragraphs = inspect.cleandoc(doc).split("\n\n")
    out = []
    for paragraph in paragraphs:
        lines = paragraph.splitlines()
        if lines and lines[0].strip() in EXAMPLE_HEADS:
            out.append("\n".join([lines[0].strip(), *(f"  {ln.strip()}" for ln in lines[1:])]))
        else:
            out.append(" ".join(paragraph.split()))
    return escape("\n\n".join(out))


def has_example(text: str) -> bool:
    return any(f"\n{head}\n" in f"\n{text}" for head in EXAMPLE_HEADS)


def _value_name(param: TyperOption) -> str | None:
    """What the help shows after an option: its metavar, else a word for its type;
    nothing for a flag."""
    if getattr(param, "is_flag", False) or getattr(param, "count", False):
        return None
    if param.metavar:
        return param.metavar
    desc = param.type_descriptor
    if desc.is_choice:
        return "|".join(str(c) for c in desc.choices or ())
    if desc.is_path or desc.is_file:
        return "FILE"
    annotation = desc.annotation
    if desc.is_list:  # a repeatable option: one value each time
        annotation = (typing.get_args(annotation) or (str,))[0]
    return {int: "N", float: "X"}.get(annotation, "TEXT")  # type: ignore[call-overload]


def _range_words(param: typing.Any) -> str | None:
    low, high = getattr(param, "min", None), getattr(param, "max", None)
    if low is not None and high is not None:
        return f"from {low} to {high}"
    if low is not None:
        return f"at least {low}"
    if high is not None:
        return f"at most {high}"
    return None


class _ProseOption(TyperOption):
    def display_type_rich(self, ctx: typing.Any) -> str | None:
        return _value_name(self)

    def _get_number_range_help_str(self) -> str | None:
        return _range_words(self)


class _ProseArgument(TyperArgument):
    def display_type_rich(self, ctx: typing.Any) -> str | None:
        return None

    def _usage_display_name(self) -> str:
        name = (self.metavar or self.name or "").upper()
        name = name if self.required else f"[{name}]"
        return f"{name}..." if self.nargs != 1 else name

    def _rich_display_name(self) -> str:
        return self._usage_display_name()

    def _get_number_range_help_str(self) -> str | None:
        return _range_words(self)


def _show_params_as_words(command: TyperCommand | TyperGroup) -> None:
    for param in command.params:
        # The same parameters, shown differently: only their help methods change.
        if type(param) is TyperOption:
            param.__class__ = _ProseOption
        elif type(param) is TyperArgument:
            param.__class__ = _ProseArgument
        if param.help:  # type: ignore[attr-defined]
            param.help = escape(" ".join(param.help.split()))  # type: ignore[attr-defined]


def _help_option(option: typing.Any) -> typing.Any:
    if option is not None:
        option.help = "Show this help and exit."
        option.display_type_rich = lambda ctx=None: None  # a flag: no value to name
    return option


class ProseCommand(TyperCommand):
    """A command whose parameters show in its --help as words, not Python types."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        _show_params_as_words(self)

    def get_help_option(self, ctx: typing.Any) -> typing.Any:
        return _help_option(super().get_help_option(ctx))


class ProseGroup(TyperGroup):
    """`sword --help` the same way."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        _show_params_as_words(self)

    def get_help_option(self, ctx: typing.Any) -> typing.Any:
        return _help_option(super().get_help_option(ctx))


def use_prose_help(app: typer.Typer) -> None:
    """Give every registered command prose help: its docstring (or help) reflowed, and
    its parameters shown by `ProseCommand`."""
    if isinstance(app.info.cls, DefaultPlaceholder) or app.info.cls in (None, TyperGroup):
        app.info.cls = ProseGroup
    for info in app.registered_commands:
        if info.cls in (None, TyperCommand):
            info.cls = ProseCommand
        doc = info.help or (info.callback.__doc__ if info.callback else None) or ""
        if doc:
            info.help = prose(doc)
