"""The official openai SDK's Responses calls against `llmbench simulate`, every event and final
response object validated strictly (pydantic, not the SDK's lenient construct).

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install openai
    llmbench simulate --port 8089 --time-scale 0.02 &
    /tmp/venv/bin/python scripts/sdk-responses-check.py 8089 gpt-5-mini 4000   # PORT MODEL MAX_OUTPUT_TOKENS

Exit status 0 when every call parsed as expected. A model that does not reason (gpt-4o-mini)
rejects `reasoning.effort` with a 400, as the API does: those two calls then fail on purpose."""
import sys, json
import openai
from openai import OpenAI
from pydantic import TypeAdapter
from openai.types.responses import Response, ResponseStreamEvent

port = int(sys.argv[1])
model = sys.argv[2] if len(sys.argv) > 2 else "gpt-4o-mini"
client = OpenAI(base_url=f"http://127.0.0.1:{port}/v1", api_key="sim-key", max_retries=0)
adapter = TypeAdapter(ResponseStreamEvent)
MAX = int(sys.argv[3]) if len(sys.argv) > 3 else 64
PROMPT = "Summarize the following document.\n\nDocument:\nThe river flooded the old town in spring. Many shops closed for weeks. Volunteers cleaned the streets."
results = []

def strict(event):
    raw = event.model_dump(mode="json", exclude_unset=True) if hasattr(event, "model_dump") else event
    adapter.validate_python(raw)  # raises on any missing/mistyped field

def record(name, ok, detail):
    results.append((name, ok, detail))
    print(("PASS " if ok else "FAIL ") + name + ": " + detail)

def create_stream(name, **kw):
    try:
        types, seqs, text, summary, final = [], [], "", "", None
        for ev in client.responses.create(model=model, input=PROMPT,
                                          instructions="Be brief.", max_output_tokens=MAX, stream=True, **kw):
            strict(ev)
            types.append(ev.type); seqs.append(ev.sequence_number)
            if ev.type == "response.output_text.delta": text += ev.delta
            if ev.type == "response.reasoning_summary_text.delta": summary += ev.delta
            if ev.type in ("response.completed", "response.incomplete", "response.failed"): final = ev.response
        assert seqs == list(range(len(seqs))), f"sequence numbers {seqs}"
        assert final is not None, "no terminal event"
        Response.model_validate(final.model_dump(mode="json", exclude_unset=True))
        assert final.output_text == text, (final.output_text, text)
        u = final.usage
        record(name, True, f"{len(types)} events {sorted(set(types))}; status={final.status}; text={len(text)} chars; summary={len(summary)} chars; usage in={u.input_tokens} cached={u.input_tokens_details.cached_tokens} out={u.output_tokens} reasoning={u.output_tokens_details.reasoning_tokens}")
        return types, summary, final
    except Exception as e:
        record(name, False, f"{type(e).__name__}: {e}")

def helper_stream(name, **kw):
    try:
        n = 0
        with client.responses.stream(model=model, input=PROMPT,
                                     instructions="Be brief.", max_output_tokens=MAX, **kw) as stream:
            for ev in stream:
                n += 1
                if ev.type == "response.output_text.delta": assert ev.snapshot is not None
            final = stream.get_final_response()
        Response.model_validate(final.model_dump(mode="json", exclude_unset=True))
        kinds = [o.type for o in final.output]
        record(name, True, f"{n} events; final status={final.status}; output items={kinds}; output_text={final.output_text[:40]!r}; reasoning_tokens={final.usage.output_tokens_details.reasoning_tokens}")
    except Exception as e:
        record(name, False, f"{type(e).__name__}: {e}")

create_stream("responses.create(stream=True)")
create_stream("responses.create(stream=True, reasoning.summary=auto, effort=low)", reasoning={"effort": "low", "summary": "auto"})
helper_stream("responses.stream()")
helper_stream("responses.stream(reasoning.summary=detailed)", reasoning={"effort": "low", "summary": "detailed"})
try:
    r = client.responses.create(model=model, input=PROMPT, max_output_tokens=MAX)
    Response.model_validate(r.model_dump(mode="json", exclude_unset=True))
    record("responses.create(stream=False)", True, f"status={r.status}; output_text={r.output_text[:30]!r}; usage out={r.usage.output_tokens}")
except Exception as e:
    record("responses.create(stream=False)", False, f"{type(e).__name__}: {e}")
# An incomplete answer (cut at max_output_tokens): a free-text prompt runs past 16 tokens.
try:
    final = None
    for ev in client.responses.create(model=model, input="Write a long story about rivers and towns and shops.", max_output_tokens=16, stream=True):
        strict(ev)
        if ev.type.startswith("response.") and hasattr(ev, "response"): final = ev.response
    Response.model_validate(final.model_dump(mode="json", exclude_unset=True))
    record("responses.create(stream=True, max_output_tokens=16)", final.status == "incomplete" and final.incomplete_details.reason == "max_output_tokens",
           f"status={final.status}; incomplete_details={final.incomplete_details}")
except Exception as e:
    record("responses.create(stream=True, max_output_tokens=16)", False, f"{type(e).__name__}: {e}")
# Errors: an HTTP 429 and a mid-stream response.failed (forced through the simulator's fault header).
try:
    client.responses.create(model=model, input="Hi", stream=True, extra_headers={"x-llmbench-fault": "http_429"})
    record("429", False, "no exception")
except openai.RateLimitError as e:
    record("responses.create(stream=True) → HTTP 429", True, f"RateLimitError status={e.status_code} code={e.code} type={e.type} message={e.message[:60]!r}")
except Exception as e:
    record("429", False, f"{type(e).__name__}: {e}")
try:
    with client.responses.stream(model=model, input=PROMPT,
                                 max_output_tokens=MAX, extra_headers={"x-llmbench-fault": "http_429"}) as s:
        list(s)
    record("stream() 429", False, "no exception")
except openai.RateLimitError as e:
    record("responses.stream() → HTTP 429", True, f"RateLimitError status={e.status_code}")
except Exception as e:
    record("stream() 429", False, f"{type(e).__name__}: {e}")
try:
    types, failed = [], None
    for ev in client.responses.create(model=model, input=PROMPT,
                                      max_output_tokens=MAX, stream=True, extra_headers={"x-llmbench-fault": "stream_error"}):
        strict(ev); types.append(ev.type)
        if ev.type == "response.failed": failed = ev.response
    Response.model_validate(failed.model_dump(mode="json", exclude_unset=True))
    record("responses.create(stream=True) → mid-stream response.failed", types[-1] == "response.failed" and failed.status == "failed",
           f"{len(types)} events, last={types[-1]}; error.code={failed.error.code}; message={failed.error.message[:50]!r}")
except Exception as e:
    record("response.failed", False, f"{type(e).__name__}: {e}")
try:
    with client.responses.stream(model=model, input=PROMPT,
                                 max_output_tokens=MAX, extra_headers={"x-llmbench-fault": "stream_error"}) as s:
        evs = [e.type for e in s]
        try:
            s.get_final_response(); record("stream() failed", False, "final response returned")
        except RuntimeError as e:
            record("responses.stream() → mid-stream response.failed", evs[-1] == "response.failed", f"{len(evs)} typed events, last={evs[-1]}; get_final_response: RuntimeError({e})")
except Exception as e:
    record("stream() failed", False, f"{type(e).__name__}: {e}")
bad = [r for r in results if not r[1]]
print(f"{len(results) - len(bad)}/{len(results)} passed (openai {openai.__version__})")
sys.exit(1 if bad else 0)
