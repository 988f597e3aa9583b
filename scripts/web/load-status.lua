-- wrk script of scripts/web/load.sh: GET /api/v1/status with each athlete's token in turn.
local tokens = {}
for line in io.lines(os.getenv("TOKENS")) do
    tokens[#tokens + 1] = line
end
local i = math.random(#tokens)
request = function()
    i = i % #tokens + 1
    return wrk.format("GET", "/api/v1/status", { ["Authorization"] = "Bearer " .. tokens[i] })
end
