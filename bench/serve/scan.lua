-- wrk script for `bylaw serve`: POSTs documents read from a JSON Lines file,
-- one per request to /v1/scan, or BATCH per request to /v1/scan:batch.
--   wrk -s bench/serve/scan.lua URL -- CORPUS.jsonl [BATCH]
local documents = {}
local batch = 1
local next_document = 1

function init(args)
  for line in io.lines(args[1]) do documents[#documents + 1] = line end
  batch = tonumber(args[2] or "1")
end

function request()
  local headers = {["Content-Type"] = "application/json"}
  if batch == 1 then
    local body = documents[next_document]
    next_document = next_document % #documents + 1
    return wrk.format("POST", "/v1/scan", headers, body)
  end
  local parts = {}
  for i = 1, batch do
    parts[i] = documents[next_document]
    next_document = next_document % #documents + 1
  end
  return wrk.format("POST", "/v1/scan:batch", headers,
                    '{"documents":[' .. table.concat(parts, ",") .. ']}')
end

function done(summary, latency, requests)
  io.write(string.format("RESULT requests/s %.0f p50_us %d p99_us %d errors %d\n",
                         summary.requests / (summary.duration / 1e6),
                         latency:percentile(50), latency:percentile(99),
                         summary.errors.status + summary.errors.connect +
                         summary.errors.read + summary.errors.write + summary.errors.timeout))
end
