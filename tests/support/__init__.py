"""Loopback servers for tests that need "the internet" (shared by every helper's tests).

- ``tests.support.server.LoopbackServer(handler)``: HTTP/1.1 on 127.0.0.1, free port, asyncio
  in a thread; ``hits``/``count()``/``seen()`` tell what clients asked for.
- ``tests.support.web.FakeWeb``: the made-up web (t.co → bit.ly → welt.ltd clone, meta refresh,
  JS redirect, loop, never-answering host, 200 MiB body, gzip bomb, redirect into 127.0.0.1 …),
  served as a forward proxy: ``NetworkOptions(proxy=server.url)``.
- ``tests.support.web.WhoisServer``: port-43 WHOIS with ``fixtures/enrich/whois`` answers.
- ``tests.support.fixtures``: session fixtures ``fake_web``, ``rdap_server``, ``whois_server``;
  import them into a ``conftest.py``.
"""
