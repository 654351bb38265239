"""Type stubs of the compiled module (see whosaid/__init__.py for the public API)."""

from os import PathLike
from typing import List, Optional, Tuple, Union

class RulesError(ValueError):
    """A rule directory that does not load; the message holds every
    path:line:col diagnostic."""

class Rules:
    """Compiled rules, built once and shared by every call and thread.

    ``Rules()`` is the embedded rule set; ``Rules(path)`` loads a rule
    directory and raises :class:`RulesError` when it does not load.
    """

    def __init__(self, path: Optional[Union[str, PathLike]] = None) -> None: ...
    @property
    def path(self) -> Optional[str]:
        """The directory the rules came from, or None for the embedded rules."""

def extract_jsonl(text: Union[str, bytes], doc: str, input: str, rules: Optional[Rules] = None) -> bytes: ...
def extract_many_jsonl(
    texts: List[Union[str, bytes]], docs: List[str], input: str, rules: Optional[Rules] = None, threads: int = 0
) -> bytes: ...
def extract_warc_jsonl(
    path: Union[str, PathLike], rules: Optional[Rules] = None, threads: int = 0
) -> Tuple[bytes, int]: ...
