-- Prints wrk's own figures as one JSON line (WRKJSON ...) for bench/run.py: requests, errors by kind, and latency
-- percentiles in microseconds. Defines no request() or response(), so wrk still sends its one static request at
-- full speed. post.lua loads this file for the same report.
function done(summary, latency, requests)
  local e = summary.errors
  local function p(q) if summary.requests > 0 then return latency:percentile(q) else return 0 end end
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_us":%d,"bytes":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,' ..
    '"p50_us":%.1f,"p90_us":%.1f,"p99_us":%.1f,"max_us":%.1f,"mean_us":%.1f}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    p(50), p(90), p(99), latency.max, latency.mean))
end
