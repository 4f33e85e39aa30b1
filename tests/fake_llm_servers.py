"""Scripted chat servers on loopback for the LLM tests and benchmark: real HTTP, no mocks.

`ScriptedChatServer` speaks two protocols on one port, so the real client libraries
(langchain-openai / openai, langchain-ollama / ollama) talk to it exactly as they would to a
model server:

- OpenAI chat completions: `POST /v1/chat/completions`, a JSON reply or, with
  `"stream": true`, server-sent events (`data: {chunk}` ... `data: [DONE]`).
- Ollama chat: `POST /api/chat`, NDJSON chunks (`"stream": true`, Ollama's default) or one
  JSON object; plus `GET /api/tags`, `GET /api/version` and `POST /api/show`.

The reply text comes from `responder(messages) -> str`, where `messages` is the list of
`{"role", "content"}` dicts the client sent, so a test can script a reply from the prompt
it actually received. Every request body is recorded in `server.requests`.
Nothing here knows about the product; it must stay standard library only.
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable

Responder = Callable[[list[dict]], str]

_PIECE = re.compile(r"\S+\s*|\s+")


def split_reply(text: str, words_per_chunk: int = 3) -> list[str]:
    """The reply cut into small pieces (a few words each, whitespace kept) for streaming."""
    words = _PIECE.findall(text)
    return ["".join(words[i:i + words_per_chunk]) for i in range(0, len(words), words_per_chunk)] or [""]


def closed_port() -> int:
    """A loopback port that nothing listens on (bound once, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def message_text(content) -> str:
    """Message content as plain text (a string, or OpenAI-style content blocks)."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(b.get("text", "") for b in content if isinstance(b, dict))
    return ""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # a slow handler still sleeping must not hold up stop()


class ScriptedChatServer:
    """A loopback chat-model server whose replies come from a script.

    Args:
        responder: the reply text, or a function from the received messages to it.
        delay: seconds to wait before answering (to exercise client timeouts).
        model: the model name reported by the Ollama listing endpoints.
        known_models: when given, a chat request for any other model gets the server's 404
            "model not found" reply (OpenAI and Ollama shapes).

    Example:
        >>> with ScriptedChatServer("Hello [1].") as server:
        ...     base = server.openai_base_url   # for OPENAI_BASE_URL
        ...     host = server.url               # for OLLAMA_HOST
    """

    def __init__(self, responder: Responder | str, delay: float = 0.0, model: str = "test-model",
                 known_models: tuple[str, ...] | None = None):
        self.responder: Responder = (lambda _messages: responder) if isinstance(responder, str) else responder
        self.delay = delay
        self.model = model
        self.known_models = known_models
        self.requests: list[dict] = []
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------------ lifecycle
    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def openai_base_url(self) -> str:
        return self.url + "/v1"

    def start(self) -> "ScriptedChatServer":
        self._httpd = _Server(("127.0.0.1", 0), self._handler_class())
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="scripted-llm", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> "ScriptedChatServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # ------------------------------------------------------------------ recorded traffic
    def chat_requests(self) -> list[dict]:
        return [r for r in self.requests if r["path"].endswith(("/chat/completions", "/api/chat"))]

    def last_messages(self) -> list[dict]:
        """The messages of the last chat request, content flattened to text."""
        body = self.chat_requests()[-1]["body"]
        return [{"role": m.get("role"), "content": message_text(m.get("content"))} for m in body["messages"]]

    # ------------------------------------------------------------------ HTTP
    def _handler_class(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # keep test output clean
                pass

            def _body(self) -> dict:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                try:
                    return json.loads(raw or b"{}")
                except json.JSONDecodeError:
                    return {}

            def _json(self, status: int, data: dict) -> None:
                payload = json.dumps(data).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def _start_stream(self, content_type: str) -> None:
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.send_header("Cache-Control", "no-cache")
                self.send_header("Connection", "close")
                self.end_headers()
                self.close_connection = True

            def do_GET(self):
                server.requests.append({"method": "GET", "path": self.path, "body": None})
                if self.path.startswith("/api/tags"):
                    self._json(200, {"models": [{"name": server.model, "model": server.model, "size": 1,
                                                 "digest": "0" * 12, "modified_at": "2024-05-01T00:00:00Z"}]})
                elif self.path.startswith("/api/version"):
                    self._json(200, {"version": "0.6.0"})
                elif self.path.rstrip("/").endswith("/v1/models"):
                    self._json(200, {"object": "list", "data": [{"id": server.model, "object": "model"}]})
                else:
                    self._json(404, {"error": f"no route {self.path}"})

            def do_POST(self):
                body = self._body()
                server.requests.append({"method": "POST", "path": self.path, "body": body})
                if server.delay:
                    time.sleep(server.delay)
                try:
                    model = body.get("model")
                    if server.known_models is not None and model not in server.known_models:
                        if self.path.endswith("/chat/completions"):
                            self._json(404, {"error": {"message": f"The model `{model}` does not exist",
                                                       "type": "invalid_request_error", "param": None,
                                                       "code": "model_not_found"}})
                        else:
                            self._json(404, {"error": f"model \"{model}\" not found, try pulling it first"})
                    elif self.path.endswith("/chat/completions"):
                        self._openai(body)
                    elif self.path.startswith("/api/chat"):
                        self._ollama(body)
                    elif self.path.startswith("/api/show"):
                        self._json(200, {"modelfile": "", "parameters": "", "template": "",
                                         "details": {"format": "gguf"}, "capabilities": ["completion"]})
                    else:
                        self._json(404, {"error": f"no route {self.path}"})
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout): nothing to answer

            def _reply_text(self, body: dict) -> str:
                messages = [{"role": m.get("role"), "content": message_text(m.get("content"))}
                            for m in body.get("messages", [])]
                return server.responder(messages)

            def _openai(self, body: dict) -> None:
                text = self._reply_text(body)
                ident, created, model = "chatcmpl-scripted", int(time.time()), body.get("model", server.model)
                if not body.get("stream"):
                    self._json(200, {
                        "id": ident, "object": "chat.completion", "created": created, "model": model,
                        "choices": [{"index": 0, "message": {"role": "assistant", "content": text},
                                     "finish_reason": "stop", "logprobs": None}],
                        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
                    })
                    return
                self._start_stream("text/event-stream")
                pieces = split_reply(text)
                for i, piece in enumerate(pieces):
                    delta = {"role": "assistant", "content": piece} if i == 0 else {"content": piece}
                    self._event({"id": ident, "object": "chat.completion.chunk", "created": created,
                                 "model": model, "choices": [{"index": 0, "delta": delta, "finish_reason": None}]})
                self._event({"id": ident, "object": "chat.completion.chunk", "created": created, "model": model,
                             "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()

            def _event(self, data: dict) -> None:
                self.wfile.write(b"data: " + json.dumps(data).encode() + b"\n\n")
                self.wfile.flush()

            def _ollama(self, body: dict) -> None:
                text = self._reply_text(body)
                model = body.get("model", server.model)
                stamp = "2024-05-01T00:00:00.000000Z"
                done = {"model": model, "created_at": stamp, "message": {"role": "assistant", "content": ""},
                        "done": True, "done_reason": "stop", "total_duration": 1, "load_duration": 1,
                        "prompt_eval_count": 1, "prompt_eval_duration": 1, "eval_count": 1, "eval_duration": 1}
                if body.get("stream") is False:
                    self._json(200, done | {"message": {"role": "assistant", "content": text}})
                    return
                self._start_stream("application/x-ndjson")
                for piece in split_reply(text):
                    line = {"model": model, "created_at": stamp,
                            "message": {"role": "assistant", "content": piece}, "done": False}
                    self.wfile.write(json.dumps(line).encode() + b"\n")
                    self.wfile.flush()
                self.wfile.write(json.dumps(done).encode() + b"\n")
                self.wfile.flush()

        return Handler


# ---------------------------------------------------------------------- reading the prompt
# Scripted "models" answer from what they were sent. These read the data blocks of the
# product's prompt (qa/prompts.py: <passage n="..">, <draft>), with its `<`/`>` escaping undone.
_PASSAGE = re.compile(r'<passage n="(\d+)"[^>]*>\n(.*?)\n</passage>', re.DOTALL)
_DRAFT = re.compile(r"<draft>\n(.*?)\n</draft>", re.DOTALL)
_DATA_BLOCK = re.compile(r"<(passages|figures|draft)>.*?</\1>", re.DOTALL)


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">")


def user_text(messages: list[dict]) -> str:
    return "\n".join(m["content"] for m in messages if m["role"] in ("user", "human"))


def system_text(messages: list[dict]) -> str:
    return "\n".join(m["content"] for m in messages if m["role"] in ("system", "developer"))


def passages_of(messages: list[dict]) -> dict[int, str]:
    """Passage number -> passage text, as the model was given them."""
    return {int(n): _unescape(body) for n, body in _PASSAGE.findall(user_text(messages))}


def draft_of(messages: list[dict]) -> str:
    """The draft answer the model was given (what a model that changes nothing would say)."""
    m = _DRAFT.search(user_text(messages))
    return _unescape(m.group(1)) if m else ""


def outside_data_blocks(messages: list[dict]) -> str:
    """The user message with every data block removed: only the product's own words remain."""
    return _DATA_BLOCK.sub("", user_text(messages))
