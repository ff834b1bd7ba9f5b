-- wrk script: POST a new, distinct signal per request (distinct text, so
-- the duplicate check does not fold them into one).
local counter = 0
local thread_id = 0
setup = function(thread)
	thread:set("tid", thread_id)
	thread_id = thread_id + 1
end
request = function()
	counter = counter + 1
	local body = string.format(
		'{"text":"Lantaarnpaal kapot, bench %d-%d","buurt":"AA01","email":"bench@example.org"}',
		tid or 0, counter)
	return wrk.format("POST", "/api/v1/signals",
		{["Content-Type"] = "application/json"}, body)
end
