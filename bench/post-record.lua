-- wrk script: bench/post.lua, and every 201's token appended (flushed at
-- once) to $BENCH_TOKENS/tok-<thread>, so that bench/intake.sh can check
-- after a kill -9 that every answered signal is in the database.
local counter = 0
local thread_id = 0
local out = nil
setup = function(thread)
	thread:set("tid", thread_id)
	thread_id = thread_id + 1
end
request = function()
	counter = counter + 1
	local body = string.format(
		'{"text":"Lantaarnpaal kapot, kill %d-%d","buurt":"AA01","email":"bench@example.org"}',
		tid or 0, counter)
	return wrk.format("POST", "/api/v1/signals",
		{["Content-Type"] = "application/json"}, body)
end
response = function(status, headers, body)
	if status ~= 201 then
		return
	end
	if not out then
		out = io.open(os.getenv("BENCH_TOKENS") .. "/tok-" .. (tid or 0), "a")
	end
	local t = string.match(body, '"token"%s*:%s*"([^"]+)"')
	if t then
		out:write(t, "\n")
		out:flush()
	end
end
