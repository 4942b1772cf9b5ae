"""Multi-turn conversations through the official SDKs (openai, anthropic, google-genai from PyPI)
against `llmbench simulate`: each API's own history shape is accepted, the prompt grows with the
history, and a caching model reports cached prompt tokens rising from turn to turn.

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install openai anthropic google-genai
    llmbench simulate --port 8089 --time-scale 0.02 &
    /tmp/venv/bin/python scripts/sdk-multiturn-check.py 8089

Exit status 0 when every check passed."""
import sys, time
import anthropic, openai
from google import genai
from google.genai import types, errors

PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 8089
BASE = f"http://127.0.0.1:{PORT}"
results = []

def check(name, cond, detail=""):
    results.append(bool(cond))
    print(("PASS " if cond else "FAIL ") + name + (f"  [{detail}]" if detail else ""))

BACKGROUND = f"Run {time.time_ns()}. " + "The quarterly report covers revenue, costs and staffing across four regions. " * 75
QUESTIONS = [BACKGROUND + "What does the report cover?", "Which region grew most?", "And the costs?"]

# ---- openai chat.completions: messages with role assistant ----
oc = openai.OpenAI(api_key="sk-test", base_url=BASE + "/v1", max_retries=0)
messages, prompt, cached = [{"role": "system", "content": "You are terse."}], [], []
for q in QUESTIONS:
    messages.append({"role": "user", "content": q})
    r = oc.chat.completions.create(model="gpt-4o-mini", messages=messages, max_tokens=64)
    messages.append({"role": "assistant", "content": r.choices[0].message.content})
    prompt.append(r.usage.prompt_tokens); cached.append(r.usage.prompt_tokens_details.cached_tokens)
check("openai chat: 3 turns with history parse; prompt grows", prompt == sorted(set(prompt)), f"prompt {prompt}")
check("openai chat: cached_tokens 0 then rising", cached[0] == 0 and 0 < cached[1] <= cached[2], f"cached {cached}")

# ---- openai responses: input items with role assistant, instructions apart ----
items, prompt, cached = [], [], []
for q in [f"Resp {time.time_ns()} " + QUESTIONS[0]] + QUESTIONS[1:]:
    items.append({"role": "user", "content": q})
    r = oc.responses.create(model="gpt-4o-mini", instructions="You are terse.", input=items, max_output_tokens=64, store=False)
    items.append({"role": "assistant", "content": r.output_text})
    prompt.append(r.usage.input_tokens); cached.append(r.usage.input_tokens_details.cached_tokens)
check("openai responses: 3 turns of input items parse; input grows", prompt == sorted(set(prompt)), f"input {prompt}")
check("openai responses: cached_tokens 0 then rising", cached[0] == 0 and 0 < cached[1] <= cached[2], f"cached {cached}")

# ---- anthropic messages: alternating user/assistant, system top-level ----
ac = anthropic.Anthropic(api_key="sk-ant-test", base_url=BASE, max_retries=0)
amsgs, prompt = [], []
for q in QUESTIONS:
    amsgs.append({"role": "user", "content": q})
    with ac.messages.stream(model="claude-haiku-4-5", max_tokens=64, system="You are terse.", messages=amsgs) as st:
        final = st.get_final_message()
    amsgs.append({"role": "assistant", "content": final.content[-1].text})
    u = final.usage
    prompt.append(u.input_tokens + (u.cache_read_input_tokens or 0) + (u.cache_creation_input_tokens or 0))
check("anthropic messages.stream: 3 turns with assistant history parse; prompt grows", prompt == sorted(set(prompt)), f"prompt {prompt}")
# The breakpoint on the newest user message each turn: the previous turn's prefix is read (lookback).
amsgs, reads, writes = [], [], []
for q in [f"Ant {time.time_ns()} " + QUESTIONS[0]] + QUESTIONS[1:]:
    history = [dict(m) for m in amsgs]
    history.append({"role": "user", "content": [{"type": "text", "text": q, "cache_control": {"type": "ephemeral"}}]})
    r = ac.messages.create(model="claude-sonnet-4-5", max_tokens=64, system="You are terse.", messages=history)
    amsgs += [{"role": "user", "content": q}, {"role": "assistant", "content": r.content[-1].text}]
    reads.append(r.usage.cache_read_input_tokens); writes.append(r.usage.cache_creation_input_tokens)
check("anthropic cache_control on the newest message: cache_read 0 then rising, writes only the new part",
      reads[0] == 0 and writes[0] > 0 and reads[1] == reads[0] + writes[0] and reads[2] == reads[1] + writes[1],
      f"read {reads} write {writes}")
try:
    ac.messages.create(model="claude-haiku-4-5", max_tokens=64, messages=[{"role": "system", "content": "x"}])
    check("anthropic refuses role system inside messages", False)
except anthropic.BadRequestError as e:
    check("anthropic refuses role system inside messages (400)", e.status_code == 400, str(e.message)[:80])

# ---- google-genai: contents with role model ----
gc = genai.Client(api_key="test-key", http_options=types.HttpOptions(base_url=BASE))
contents, prompt, cached = [], [], []
for q in [f"Gem {time.time_ns()} " + QUESTIONS[0]] + QUESTIONS[1:]:
    contents.append(types.Content(role="user", parts=[types.Part(text=q)]))
    r = gc.models.generate_content(model="gemini-2.5-flash", contents=contents,
                                   config=types.GenerateContentConfig(system_instruction="You are terse.", max_output_tokens=64))
    contents.append(types.Content(role="model", parts=[types.Part(text=r.text or "")]))
    prompt.append(r.usage_metadata.prompt_token_count); cached.append(r.usage_metadata.cached_content_token_count or 0)
check("google-genai: 3 turns with role model parse; prompt grows", prompt == sorted(set(prompt)), f"prompt {prompt}")
check("google-genai: cached_content_token_count 0 then rising", cached[0] == 0 and 0 < cached[1] <= cached[2], f"cached {cached}")
try:
    gc.models.generate_content(model="gemini-2.5-flash", contents=[types.Content(role="assistant", parts=[types.Part(text="x")])])
    check("google-genai refuses role assistant", False)
except errors.ClientError as e:
    check("google-genai refuses role assistant (400)", e.code == 400, str(e)[:80])

print(f"{sum(results)}/{len(results)} passed")
sys.exit(0 if all(results) else 1)
