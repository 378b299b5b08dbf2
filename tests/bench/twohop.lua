-- twohop.lua -- the Lua traversal workload of the benchmark (tests/bench/run.py).
--
--   erg -g DIR run twohop.lua K iter|trav|native
--
-- For K start entities ("e" .. (i * 7919) % N for i = 0..K-1, N the number of
-- entities), the distinct entities two outgoing relationships away that are
-- companies with more than 50000 employees; prints the sum of those counts
-- (the same number as nx_bench.py's twohop) and the CPU time of the work
-- alone (os.clock, the graph is already loaded), as one JSON object.
--   iter: the object API, e:out() iterators, r.to, t.type, t:get()
--   trav: one g:V(start):out():out():has():where():dedup():count() per start
--   native: the same with the test in C, has("employees", erg.gt(50000))
local K = tonumber(arg[1] or "10000")
local variant = arg[2] or "iter"
local g = graph
local N = g:info().entities

local starts = {}
for i = 0, K - 1 do
  local e = g:entity("e" .. ((i * 7919) % N))
  starts[#starts + 1] = assert(e, "no start entity")
end

local function big(t) return t:get("employees") > 50000 end

local t0 = os.clock()
local total = 0
if variant == "iter" then
  for _, s in ipairs(starts) do
    local seen, n = {}, 0
    for r1 in s:out() do
      for r2 in r1.to:out() do
        local t = r2.to
        if not seen[t] and t.type == "company" and t:get("employees") > 50000 then
          seen[t] = true
          n = n + 1
        end
      end
    end
    total = total + n
  end
elseif variant == "trav" then
  for _, s in ipairs(starts) do
    total = total + g:V(s):out():out():has("type", "company"):where(big):dedup():count()
  end
elseif variant == "native" then
  for _, s in ipairs(starts) do
    total = total + g:V(s):out():out():has("type", "company"):has("employees", erg.gt(50000)):dedup():count()
  end
else
  error("variant must be iter, trav or native")
end
local t = os.clock() - t0
print(string.format('{"op": %.6f, "count": %d, "starts": %d}', t, total, #starts))
