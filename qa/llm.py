"""Optional LLM answer writer (QA_LLM=ollama:<model> | openai:<model>); none by default.

The LLM rewrites a verified extractive answer from the same evidence (numbered passages,
figure rows, the draft), through LangChain's `ChatOllama` or `ChatOpenAI`. Its reply is then
verified line by line (`qa.llm_check`) and, when it no longer stands, the extractive answer
is returned with a note. Nothing here can make `ask` fail: a missing package, a missing key,
a server that is down or too slow all give the extractive answer plus a note that says what
to set or install.

Backends are imported lazily, and `build_llm` makes no network call (a model server that is
down must not stop the assistant from loading).

Environment (besides `QA_LLM` and `QA_LLM_TIMEOUT` in `index.settings`):
    OLLAMA_HOST                      Ollama server (default http://127.0.0.1:11434)
    OPENAI_BASE_URL / OPENAI_API_BASE  any OpenAI-compatible server (vLLM, llama.cpp, LM Studio)
    OPENAI_API_KEY                   key for a hosted API; optional when a base URL is set

Example:
    >>> llm = build_llm(settings.model_copy(update={"llm": "ollama:llama3.1"}))
    >>> answer = llm.improve(extractive_answer, "What was Norfolk's overall rating?", labels)
    >>> answer.answerer      # "llm", or "extractive" with a note in answer.notes
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, replace
from typing import Iterator
from urllib.parse import urlsplit, urlunsplit

from .llm_check import Evidence, ReplyCheck, check_line, check_reply
from .prompts import build_messages
from .types import Answer

log = logging.getLogger(__name__)

PROVIDERS = ("ollama", "openai")
DEFAULT_OLLAMA_HOST = "http://127.0.0.1:11434"
DEFAULT_OPENAI_BASE = "https://api.openai.com/v1"
# Local OpenAI-compatible servers accept any key, but the openai client refuses to start without one.
LOCAL_SERVER_KEY = "not-needed-for-local-server"
TEMPERATURE = 0.0   # answers are rewrites of checked evidence: no creativity wanted
MAX_RETRIES = 0     # QA_LLM_TIMEOUT is the whole wait; retries would multiply it
FALLBACK = "showing the extractive answer"
VERIFY_FAILED = f"LLM answer failed verification; {FALLBACK}"


class LLMConfigError(RuntimeError):
    """QA_LLM names a backend that cannot be used; the message says what to set."""


@dataclass(frozen=True)
class _Backend:
    chat_model: object | None          # a LangChain chat model, or None when unusable
    endpoint: str                      # where requests go, for messages
    errors: tuple[type[BaseException], ...] = ()       # failures that fall back to extractive
    timeouts: tuple[type[BaseException], ...] = ()     # ... of which: no reply in time
    unreachable: tuple[type[BaseException], ...] = ()  # ... of which: no connection
    problem: str | None = None         # why it cannot be used, as a user-facing note


def parse_llm_setting(value: str | None) -> tuple[str, str] | None:
    """("ollama" | "openai", model) from a QA_LLM value; None for "none"."""
    value = (value or "none").strip()
    if value.lower() in ("", "none"):
        return None
    provider, sep, model = value.partition(":")
    provider = provider.strip().lower()
    if not sep or provider not in PROVIDERS or not model.strip():
        raise LLMConfigError(f"QA_LLM={value!r} is not understood: use none, ollama:<model> or openai:<model>")
    return provider, model.strip()


def build_llm(settings) -> "LLMWriter | None":
    """The configured LLM answer writer, or None for the extractive default (QA_LLM=none).

    Never raises for a bad configuration and never touches the network: an unusable backend
    is returned with its `problem` set, and every answer then carries that note.
    """
    try:
        parsed = parse_llm_setting(settings.llm)
    except LLMConfigError as exc:
        log.warning("%s", exc)
        return LLMWriter(settings.llm, "", _Backend(None, "", problem=_unavailable(str(exc), "")), settings.llm_timeout)
    if parsed is None:
        return None
    provider, model = parsed
    factory = _openai_backend if provider == "openai" else _ollama_backend
    backend = factory(model, settings.llm_timeout)
    if backend.problem:
        log.warning("%s", backend.problem)
    return LLMWriter(provider, model, backend, settings.llm_timeout)


def _unavailable(reason: str, fix: str) -> str:
    return f"LLM unavailable ({reason})" + (f": {fix}" if fix else "") + f"; {FALLBACK}"


def _openai_backend(model: str, timeout: float) -> _Backend:
    key = os.environ.get("OPENAI_API_KEY") or None
    base = os.environ.get("OPENAI_BASE_URL") or os.environ.get("OPENAI_API_BASE") or None
    endpoint = base or DEFAULT_OPENAI_BASE
    if not key and not base:
        return _Backend(None, endpoint, problem=_unavailable(
            "no OPENAI_API_KEY or OPENAI_BASE_URL is set",
            "set OPENAI_API_KEY for a hosted API, or OPENAI_BASE_URL for a local OpenAI-compatible "
            "server (vLLM, llama.cpp, LM Studio), or QA_LLM=none"))
    try:
        import httpx
        import openai
        from langchain_openai import ChatOpenAI
    except ImportError:
        return _Backend(None, endpoint, problem=_unavailable(
            "langchain-openai is not installed",
            "pip install langchain-openai (version pinned in requirements.txt), or set QA_LLM=none"))
    chat = ChatOpenAI(model=model, base_url=base, api_key=key or LOCAL_SERVER_KEY, timeout=timeout,
                      max_retries=MAX_RETRIES, temperature=TEMPERATURE)
    return _Backend(chat, endpoint, errors=(openai.OpenAIError, httpx.HTTPError, _langchain_error()),
                    timeouts=(openai.APITimeoutError, httpx.TimeoutException),
                    unreachable=(openai.APIConnectionError, httpx.ConnectError, ConnectionError))


def _ollama_backend(model: str, timeout: float) -> _Backend:
    host = os.environ.get("OLLAMA_HOST") or None
    endpoint = host or DEFAULT_OLLAMA_HOST
    if "://" not in endpoint:
        endpoint = "http://" + endpoint
    try:
        import httpx
        import ollama
        from langchain_ollama import ChatOllama
    except ImportError:
        return _Backend(None, endpoint, problem=_unavailable(
            "langchain-ollama is not installed",
            "pip install langchain-ollama (version pinned in requirements.txt), or set QA_LLM=none"))
    chat = ChatOllama(model=model, base_url=endpoint, temperature=TEMPERATURE,
                      client_kwargs={"timeout": timeout})
    # ollama turns a refused connection into the builtin ConnectionError; an empty stream is a
    # ValueError from langchain-ollama.
    errors = (ollama.ResponseError, ollama.RequestError, httpx.HTTPError, ConnectionError, ValueError,
              _langchain_error())
    return _Backend(chat, endpoint, errors=errors, timeouts=(httpx.TimeoutException,),
                    unreachable=(httpx.ConnectError, ConnectionError))


def _langchain_error() -> type[BaseException]:
    from langchain_core.exceptions import LangChainException

    return LangChainException


class LLMWriter:
    """Rewrites extractive answers with an LLM; every reply is verified before it is used."""

    def __init__(self, provider: str, model: str, backend: _Backend, timeout: float):
        self.provider = provider
        self.model = model
        self.timeout = timeout
        self._backend = backend

    # ------------------------------------------------------------------ description
    @property
    def name(self) -> str:
        """The QA_LLM value in use, e.g. "ollama:llama3.1"."""
        return f"{self.provider}:{self.model}" if self.model else str(self.provider)

    @property
    def endpoint(self) -> str:
        """Where requests go, without any user:password part (it ends up in answer notes)."""
        return _display_url(self._backend.endpoint)

    @property
    def problem(self) -> str | None:
        """Why this backend cannot be used (a user-facing note), or None."""
        return self._backend.problem

    def describe(self) -> str:
        """One line for a model indicator, e.g. "openai:qwen2.5 at http://localhost:8000/v1"."""
        if self.problem:
            return f"{self.name} (unavailable: extractive answers)"
        return f"{self.name} at {self.endpoint}"

    # ------------------------------------------------------------------ answering
    def improve(self, answer: Answer, question: str, labels: list[str]) -> Answer:
        """The LLM's verified rewrite of `answer`, or `answer` itself with a note on any failure."""
        if not self._applies(answer):
            return answer
        if self.problem:
            return _with_note(answer, self.problem)
        try:
            reply = self._backend.chat_model.invoke(build_messages(question, answer, labels))
        except self._backend.errors as exc:
            return self._failed(answer, exc)
        return self.finish(answer, _text_of(reply), labels)

    def stream(self, answer: Answer, question: str, labels: list[str], verified_lines: bool = True) -> "LLMStream":
        """Stream the rewrite of `answer`: iterate for text chunks, then read `.final`.

        With `verified_lines` (the default) each line is shown only once it is complete and has
        passed verification, so a reader never sees an unverified claim; otherwise raw model
        tokens are yielded as they arrive and `.final` holds the verified text to show instead.
        """
        return LLMStream(self, answer, question, labels, verified_lines)

    def finish(self, answer: Answer, reply: str, labels: list[str], evidence: Evidence | None = None) -> Answer:
        """Verify a complete reply and build the answer to return."""
        checked = check_reply(reply, answer, labels, evidence)
        if not checked.stands:
            return self._rejected(answer, checked)
        notes = [f"LLM line removed by verification ({why}): {line}" for line, why in checked.dropped]
        return replace(answer, text=checked.text, answerer="llm", verification_changed=bool(checked.dropped),
                       notes=list(answer.notes) + notes)

    # ------------------------------------------------------------------ internals
    @staticmethod
    def _applies(answer: Answer) -> bool:
        return not answer.refused and bool(answer.citations)

    def _rejected(self, answer: Answer, checked: ReplyCheck) -> Answer:
        if checked.missing:
            why = "it left out " + ", ".join(checked.missing)
        elif checked.dropped:
            why = "; ".join(f"{reason}: {line[:120]}" for line, reason in checked.dropped[:3])
        else:
            why = "no cited claim"
        log.info("LLM answer rejected: %s", why)
        rejected = _with_note(answer, f"{VERIFY_FAILED} ({why})")
        rejected.verification_changed = True  # the text shown is not the one the LLM wrote
        return rejected

    def _failed(self, answer: Answer, exc: BaseException) -> Answer:
        note = self._explain(exc)
        log.warning("%s (%s: %s)", note, type(exc).__name__, exc)
        return _with_note(answer, note)

    def _explain(self, exc: BaseException) -> str:
        """A note that names the cause and what to set, from a backend exception."""
        where = self.endpoint
        chain = list(_chain(exc))
        text = " ".join(str(e) for e in chain).lower()
        host_var = "OLLAMA_HOST" if self.provider == "ollama" else "OPENAI_BASE_URL"
        # Timeouts first: the openai client's timeout error is a kind of connection error.
        if any(isinstance(e, self._backend.timeouts) for e in chain):
            return _unavailable(f"no reply within {self.timeout:g} s from {where}",
                                "raise QA_LLM_TIMEOUT, use a faster model, or set QA_LLM=none")
        if any(isinstance(e, self._backend.unreachable) for e in chain):
            cause = "connection refused" if "refused" in text else "cannot connect"
            fix = (f"start the server or set {host_var}, or QA_LLM=none" if self.provider == "ollama"
                   else f"check {host_var} (it usually ends in /v1), or set QA_LLM=none")
            return _unavailable(f"{cause} at {where}", fix)
        status = getattr(exc, "status_code", None)
        if status in (401, 403):
            return _unavailable(f"the server at {where} rejected the API key", "set OPENAI_API_KEY, or QA_LLM=none")
        if status == 404:
            fix = (f"run `ollama pull {self.model}` or fix the model in QA_LLM" if self.provider == "ollama"
                   else f"check the model name in QA_LLM and that {host_var} ends in /v1")
            return _unavailable(f"model {self.model!r} or its endpoint not found at {where}", fix)
        if status:
            return _unavailable(f"server error {status} at {where}", "check the model server's log, or set QA_LLM=none")
        return _unavailable(f"{type(exc).__name__} from {where}: {str(exc)[:160]}", "set QA_LLM=none to silence")


class LLMStream:
    """An LLM answer as it arrives. Iterate for text chunks; afterwards `.final` is the Answer.

    `final` is verified exactly like `LLMWriter.improve` (it may be the extractive answer with
    a note). `replaced` says whether `final.text` differs from what was streamed (a fallback,
    or raw tokens that verification changed), in which case the display should show
    `final.text` instead. Reading `final` before the iteration ends consumes the rest.
    """

    def __init__(self, writer: LLMWriter, answer: Answer, question: str, labels: list[str],
                 verified_lines: bool = True):
        self.writer = writer
        self.answer = answer
        self.question = question
        self.labels = list(labels)
        self.verified_lines = verified_lines
        self.streamed = ""
        self._final: Answer | None = None
        self._gen = self._run()

    def __iter__(self) -> Iterator[str]:
        return self._gen

    @property
    def final(self) -> Answer:
        if self._final is None:
            for _ in self._gen:
                pass
        return self._final

    @property
    def replaced(self) -> bool:
        return self.final.text.strip() != self.streamed.strip()

    def _emit(self, text: str) -> str:
        self.streamed += text
        return text

    def _run(self) -> Iterator[str]:
        writer, answer = self.writer, self.answer
        if not writer._applies(answer) or writer.problem:
            self._final = answer if not writer._applies(answer) else _with_note(answer, writer.problem)
            yield self._emit(self._final.text)
            return
        evidence = Evidence.of(answer, self.labels)
        full, pending, thinking = "", "", False
        try:
            for chunk in writer._backend.chat_model.stream(build_messages(self.question, answer, self.labels)):
                piece = _text_of(chunk)
                if not piece:
                    continue
                full += piece
                if not self.verified_lines:
                    yield self._emit(piece)
                    continue
                pending += piece
                while "\n" in pending:
                    line, pending = pending.split("\n", 1)
                    thinking, shown = _visible(line, thinking)
                    if shown is not None and check_line(shown, evidence) is None:
                        yield self._emit(shown + "\n")
        except writer._backend.errors as exc:
            self._final = writer._failed(answer, exc)
        else:
            if self.verified_lines and pending:
                thinking, shown = _visible(pending, thinking)
                if shown is not None and check_line(shown, evidence) is None:
                    yield self._emit(shown)
            self._final = writer.finish(answer, full, self.labels, evidence)
        if not self.streamed.strip():
            # Nothing shown yet (server down, or no line verified): show the final text here, so
            # a plain `st.write_stream` displays the answer without consulting `replaced`.
            yield self._emit(self._final.text)


def _visible(line: str, thinking: bool) -> tuple[bool, str | None]:
    """Track a `<think>` block across streamed lines: (still thinking, line to show or None)."""
    low = line.strip().lower()
    if thinking:
        return ("</think>" not in low), None
    if low.startswith("<think>"):
        return ("</think>" not in low), None
    return False, line.rstrip()


def _display_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.username or parts.password:
        host = parts.hostname + (f":{parts.port}" if parts.port else "")
        return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))
    return url


def _text_of(message) -> str:
    return str(getattr(message, "text", "") or "")


def _with_note(answer: Answer, note: str) -> Answer:
    return replace(answer, notes=list(answer.notes) + [note])


def _chain(exc: BaseException):
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__
