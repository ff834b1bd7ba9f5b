-- wrk script (bench/cache_scope.sh): GET the paths of BENCH_PATHS in
-- turn on the host BENCH_HOST, and count the answers that came from the
-- answer cache (X-Cache: hit).
--                                       SPDX-License-Identifier: EUPL-1.2
paths = {}
for line in io.lines(os.getenv("BENCH_PATHS")) do
	paths[#paths + 1] = line
end
wrk.headers["Host"] = os.getenv("BENCH_HOST")
i, hits, total = 0, 0, 0
local threads = {}
setup = function(thread)
	table.insert(threads, thread)
end
request = function()
	i = i % #paths + 1
	return wrk.format("GET", paths[i])
end
response = function(status, headers, body)
	total = total + 1
	if headers["X-Cache"] == "hit" then
		hits = hits + 1
	end
end
done = function()
	local h, n = 0, 0
	for _, t in ipairs(threads) do
		h = h + t:get("hits")
		n = n + t:get("total")
	end
	io.write(string.format("cache hits %d of %d\n", h, n))
end
