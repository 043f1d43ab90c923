-- POST /v1/statements for bench/run.py: every request a new statement with a unique quote, a source and a stance,
-- said at a random instant inside the person's history (so each new stance lands between two old ones).
--   wrk ... -s post.lua URL -- PERSON TOPIC KEY START_MS END_MS NONCE
local report = debug.getinfo(1, "S").source:sub(2):gsub("post%.lua$", "report.lua")
dofile(report)

local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

local stances = { "supports", "leans_support", "undecided", "leans_oppose", "opposes" }
local counter = 0

function init(args)
  person, topic, key, start_ms, end_ms, nonce = args[1], args[2], args[3], tonumber(args[4]), tonumber(args[5]), args[6]
  math.randomseed((tid or 1) * 7919 + tonumber(nonce))
  headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. key }
end

function request()
  counter = counter + 1
  local seconds = math.floor((start_ms + math.random() * (end_ms - start_ms)) / 1000)
  local said = os.date("!%Y-%m-%dT%H:%M:%SZ", seconds)
  local stance = stances[math.random(#stances)]
  local tag = string.format("%s-%d-%d", nonce, tid or 1, counter)
  local body = string.format(
    '{"person":"%s","quote":"A benchmark statement on %s, number %s.","saidAt":"%s","medium":"interview",' ..
    '"sources":[{"url":"https://example.org/bench/%s"}],"positions":[{"topic":"%s","stance":"%s"}]}',
    person, topic, tag, said, tag, topic, stance)
  return wrk.format("POST", "/v1/statements", headers, body)
end
