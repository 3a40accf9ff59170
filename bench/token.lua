-- wrk script: POST /oauth/token with the client_credentials grant for demo-m2m
-- and count non-2xx responses across all threads.
wrk.method = "POST"
wrk.body = "grant_type=client_credentials&client_id=demo-m2m&client_secret=demo-m2m-secret&audience=https%3A%2F%2Fapi.example.com%2F"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  non2xx = 0
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  local n = 0
  for _, t in ipairs(threads) do
    n = n + t:get("non2xx")
  end
  io.write(string.format("non2xx: %d\n", n))
end
