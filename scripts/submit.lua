-- wrk script: submits prepared drafts (scripts/prepare-drafts.mjs), each once, as the review
-- page's form does: POST /api/submit_application with the draft's owner's session cookie.
--
--   DRAFTS=drafts.tsv wrk -t1 -c16 -d10s --latency -s scripts/submit.lua http://127.0.0.1:PORT
--   (or: wrk ... -s scripts/submit.lua URL -- drafts.tsv)
--
-- Use one wrk thread (-t1): each thread has its own Lua state and would walk the same list.
-- When the drafts run out, the last one is sent again with its same idempotency key: the server
-- answers with the stored number without storing anything, which is cheap and would inflate the
-- rate, so those are counted as "repeated" (their answers count as accepted too) and the
-- driver treats any as a failed run.
-- done() prints one line the driver reads:
--   submit: accepted=N errors=N repeated=N drafts=N  (and the first error's status and body)

-- Globals, not locals: done() reads them from each thread with thread:get.
drafts = {}
draft_count = 0
next_draft = 1
accepted, errors, repeated = 0, 0, 0
first_error = ""
origin = ""

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

local function urlencode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function init(args)
  local path = args[1] or os.getenv("DRAFTS")
  if not path then error("submit.lua: give the drafts file as DRAFTS=path or after --") end
  for line in io.lines(path) do
    local cookie, token = line:match("^([^\t]+)\t(%S+)")
    if cookie then table.insert(drafts, { cookie = cookie, token = token }) end
  end
  draft_count = #drafts
  if draft_count == 0 then error("submit.lua: no drafts in " .. path) end
  origin = string.format("%s://%s", wrk.scheme, wrk.host)
  if wrk.port then origin = origin .. ":" .. wrk.port end
end

function request()
  local i = next_draft
  if i > #drafts then
    i = #drafts
    repeated = repeated + 1
  else
    next_draft = next_draft + 1
  end
  local d = drafts[i]
  -- The key is the draft's own (random) handle: unique per draft in any run, 8 to 64 of
  -- [A-Za-z0-9-] as the server wants, and the same when a draft is sent again.
  local key = "bench-" .. d.token:gsub("[^%w]", "-"):sub(1, 58)
  local body = "draft=" .. urlencode(d.token) .. "&idempotency_key=" .. key
  return wrk.format("POST", "/api/submit_application", {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Accept"] = "application/json",
    ["Origin"] = origin,
    ["Cookie"] = d.cookie,
  }, body)
end

function response(status, headers, body)
  -- The JSON of SubmitOutcome (app/src/api/types.rs): {"Accepted":{"number":"YJ-…"}} when
  -- stored; a refusal is {"Invalid":{…}} with status 200, so the status alone is not enough.
  if status < 400 and body:find('"Accepted"', 1, true) then
    accepted = accepted + 1
  else
    errors = errors + 1
    if first_error == "" then first_error = status .. " " .. body:sub(1, 300) end
  end
end

function done(summary, latency, requests)
  local a, e, r, n = 0, 0, 0, 0
  local first = ""
  for _, t in ipairs(threads) do
    a = a + t:get("accepted")
    e = e + t:get("errors")
    r = r + t:get("repeated")
    n = n + t:get("draft_count")
    if first == "" then first = t:get("first_error") end
  end
  io.write(string.format("submit: accepted=%d errors=%d repeated=%d drafts=%d\n", a, e, r, n))
  if first ~= "" then io.write("submit: first error: " .. first:gsub("\n", " ") .. "\n") end
end
